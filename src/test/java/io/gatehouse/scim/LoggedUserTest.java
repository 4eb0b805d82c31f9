package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggedUserTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // a create: the name sent, the id answered
        "POST|/Users|{\"userName\":\"jane@x.com\"}|{\"id\":\"u1\",\"userName\":\"jane@x.com\"}|u1|jane@x.com",
        // refused create: only the name sent
        "POST|/Users|{\"userName\":\"jane@x.com\"}|{\"status\":\"409\"}|-|jane@x.com",
        // Entra's existence probe, found and not found
        "GET|/Users?filter=userName eq \"jane@x.com\"|-|{\"totalResults\":1,\"Resources\":[{\"id\":\"u1\",\"userName\":\"jane@x.com\"}]}|u1|jane@x.com",
        "GET|/Users?filter=userName eq \"new@x.com\"|-|{\"totalResults\":0,\"Resources\":[]}|-|new@x.com",
        // a PATCH: the id from the path, the name from the answer
        "PATCH|/Users/u1|{\"Operations\":[]}|{\"id\":\"u1\",\"userName\":\"jane@x.com\"}|u1|jane@x.com",
        "DELETE|/Users/u1|-|-|u1|-",
        // groups and lists of many name no user
        "PATCH|/Groups/g1|{\"Operations\":[]}|-|-|-",
        "GET|/Users|-|{\"totalResults\":2,\"Resources\":[{\"id\":\"a\"},{\"id\":\"b\"}]}|-|-",
        "POST|/Users/.search|{\"filter\":\"x\"}|{\"Resources\":[]}|-|-",
    })
    void theUserARequestIsAbout(String method, String path, String request, String response, String id, String name) {
        assertEquals(new LoggedUser(id, name), LoggedUser.of(method, path, request, response));
    }
}
