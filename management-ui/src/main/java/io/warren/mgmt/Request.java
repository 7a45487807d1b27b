package io.warren.mgmt;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, copied out of Netty's buffers so that it can be handled on a management thread.
 *
 * @param rawSegments the path split on "/" before percent-decoding, so {@code %2F} stays inside a segment
 */
record Request(String method, String path, List<String> rawSegments, Map<String, List<String>> query,
               HttpHeaders headers, byte[] body, SocketAddress remote) {

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Percent-decodes one path segment; "+" stays "+" in a path (it means space only in a query string). */
    static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed percent-encoding in '" + segment + "'");
        }
    }

    String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
