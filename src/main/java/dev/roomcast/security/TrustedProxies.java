package dev.roomcast.security;

import dev.roomcast.config.SettingReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose word this node takes for a client's address ({@code trusted-proxies}: addresses or
 * CIDR ranges, IPv4 or IPv6). Behind one, every connection comes from the proxy; the proxy names the client in
 * {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}. Those headers are read only when the connection comes
 * from a trusted proxy, and right to left: each proxy appends the address it saw, so the rightmost entry that is
 * not itself a trusted proxy is the first one no trusted party vouches for, the client. Anything left of it was
 * written by the client and may be a lie. A header from anyone else is ignored, or any client could name itself
 * an address with an unlimited handshake rate, or someone else's to use up their budget.
 */
public final class TrustedProxies {

    /** An address literal (no host names: a setting that needs DNS to be read could change under the node). */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Range(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /** {@code trusted-proxies}; a value that is not an address or a range stops the node with one sentence. */
    public static TrustedProxies from(SettingReader read) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : read.list("trusted-proxies", List.of())) {
            ranges.add(range(entry));
        }
        return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = parse(address);
        if (network == null) {
            throw SettingReader.invalid("trusted-proxies", "must list IP addresses or CIDR ranges (10.0.0.0/8, "
                    + "fd00::/8), not '" + entry + "'");
        }
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > network.length * 8) {
                throw SettingReader.invalid("trusted-proxies", "has a range whose prefix is not 0 to "
                        + network.length * 8 + ": '" + entry + "'");
            }
        }
        return new Range(network, bits);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for anything else (never a DNS lookup). */
    private static byte[] parse(String address) {
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (bare.isEmpty() || !LITERAL.matcher(bare).matches() || (!bare.contains(":") && !ipv4(bare))) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Four decimal parts: {@code InetAddress} would read {@code 10.1} or {@code 3232235777} as addresses too. */
    private static boolean ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    public boolean any() {
        return !ranges.isEmpty();
    }

    boolean trusts(String address) {
        byte[] bytes = address == null ? null : parse(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /**
     * The client's address: {@code peer} (the address the connection comes from) unless that is a trusted proxy;
     * then the rightmost forwarded address that is not a trusted proxy ({@code Forwarded} if the request has one,
     * else {@code X-Forwarded-For}), or the leftmost when all are, or {@code peer} when the proxy named nobody
     * usable (an obfuscated or unknown {@code for=}, a malformed entry).
     */
    public String clientOf(String peer, Function<String, List<String>> headers) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> chain = forwardedChain(headers);
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (parse(hop) == null) {
                break; // from here leftwards nobody trusted vouches for the entries
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    /** The addresses the proxies appended, left (first) to right (last); entries as written, ports removed. */
    private static List<String> forwardedChain(Function<String, List<String>> headers) {
        List<String> chain = new ArrayList<>();
        List<String> forwarded = headers.apply("Forwarded");
        if (forwarded != null && !forwarded.isEmpty()) {
            for (String header : forwarded) {
                for (String element : header.split(",")) {
                    chain.add(forParameter(element));
                }
            }
            return chain;
        }
        List<String> forwardedFor = headers.apply("X-Forwarded-For");
        if (forwardedFor != null) {
            for (String header : forwardedFor) {
                for (String entry : header.split(",")) {
                    chain.add(withoutPort(entry.trim()));
                }
            }
        }
        return chain;
    }

    /** The {@code for=} of one {@code Forwarded} element, unquoted and without its port; "" when it has none. */
    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return withoutPort(value);
            }
        }
        return "";
    }

    /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}, {@code [2001:db8::1]:4711} → {@code 2001:db8::1}. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close < 0 ? entry : entry.substring(1, close);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }
}
