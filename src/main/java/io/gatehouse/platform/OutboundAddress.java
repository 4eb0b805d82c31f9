package io.gatehouse.platform;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where Gatehouse may send a request that a tenant chose the address of (back-channel logout URIs,
 * later webhooks): public addresses only, so a project admin cannot make the server call its own
 * network (loopback, private, link-local and carrier-grade NAT ranges, cloud metadata at
 * 169.254.169.254). GATEHOUSE_OUTBOUND_ALLOW_PRIVATE (on by default in development mode) allows
 * those too, for a relying party or receiver on localhost.
 */
public final class OutboundAddress {
    private OutboundAddress() {
    }

    /** Why the URI may not be called, or null when it may. */
    public static String refusal(URI uri) {
        if (uri == null || uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            return "not an http(s) URL";
        }
        if (Settings.outboundAllowPrivate()) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (internal(address)) {
                    return uri.getHost() + " resolves to " + address.getHostAddress() + ", an address of the server's own network";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + uri.getHost();
        }
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // carrier-grade NAT 100.64.0.0/10
    }
}
