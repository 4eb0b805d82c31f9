package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The addresses a tenant-chosen URL may not reach (outside development mode): the server's own networks. */
class OutboundAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "::"})
    void internalAddresses(String literal) throws Exception {
        assertEquals(true, OutboundAddress.internal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888"})
    void publicAddresses(String literal) throws Exception {
        assertEquals(false, OutboundAddress.internal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/logout", "https://localhost/logout", "http://[::1]/x", "http://10.1.2.3/x",
            "file:///etc/passwd", "gopher://127.0.0.1/"})
    void refusesUrlsIntoTheServersNetwork(String url) {
        assertNotNull(OutboundAddress.refusal(URI.create(url)), url);
    }

    @org.junit.jupiter.api.Test
    void theAllowPrivateSettingLetsUrlsIntoTheServersNetwork() {
        System.setProperty("GATEHOUSE_OUTBOUND_ALLOW_PRIVATE", "true");
        try {
            assertEquals(null, OutboundAddress.refusal(URI.create("http://127.0.0.1:8080/hook")));
            assertNotNull(OutboundAddress.refusal(URI.create("file:///etc/passwd")), "still http(s) only");
        } finally {
            System.clearProperty("GATEHOUSE_OUTBOUND_ALLOW_PRIVATE");
        }
    }
}
