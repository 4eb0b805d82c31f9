package io.gatehouse.mockidp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The mock IdP answers 404 to everything unless development mode is switched on explicitly. */
class MockIdpServletTest {
    @Test
    void isOffWithoutDevelopmentMode() throws Exception {
        System.clearProperty("GATEHOUSE_DEV_MODE");
        for (String path : new String[] {"/metadata", "/sso", "/start/x", "/slo"}) {
            AtomicInteger status = new AtomicInteger();
            HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) ->
                    switch (method) {
                        case "getPathInfo" -> path;
                        case "getMethod" -> "GET";
                        default -> null;
                    });
            HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
                if (method.equals("sendError")) {
                    status.set((Integer) args[0]);
                }
                return null;
            });
            MockIdpServlet servlet = new MockIdpServlet();
            servlet.doGet(request, response);
            assertEquals(404, status.get(), path);
            servlet.doPost(request, response);
            assertEquals(404, status.get(), path);
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
