package io.warren.mgmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The query parameters every list endpoint takes, with RabbitMQ's semantics ({@code rabbit_mgmt_util}):
 * {@code sort} (a field, dotted for nested ones) and {@code sort_reverse}; {@code columns} (comma-separated
 * fields to keep); and, when {@code page} is given, {@code page_size} (default 100, at most 500), {@code name}
 * (case-insensitive substring, or a regular expression with {@code use_regex=true}) and the paged answer
 * {@code {total_count, item_count, filtered_count, page, page_size, page_count, items}}. Stateless.
 */
final class ListQuery {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 500;

    private ListQuery() {
    }

    /** The list (or page) to answer with. */
    static Object apply(Call call, List<Map<String, Object>> items) {
        return apply(call, items, m -> { });
    }

    /**
     * The list (or page) to answer with; {@code finish} completes each item answered, after sorting, filtering
     * and paging, before {@code columns} (for what is too costly to compute for items left out, as history).
     */
    static Object apply(Call call, List<Map<String, Object>> items, Consumer<Map<String, Object>> finish) {
        List<Map<String, Object>> sorted = sort(call, items);
        String page = call.query("page");
        List<String> columns = columns(call.query("columns"));
        if (page == null) {
            sorted.forEach(finish);
            return project(sorted, columns);
        }
        int pageNum = parse(page, "page");
        int pageSize = call.query("page_size") == null ? DEFAULT_PAGE_SIZE : parse(call.query("page_size"),
                "page_size");
        if (pageNum <= 0 || pageSize <= 0 || pageSize > MAX_PAGE_SIZE) {
            throw new ApiError(400, "invalid_pagination_parameters", "Invalid pagination parameters: page number "
                    + pageNum + ", page size " + pageSize);
        }
        List<Map<String, Object>> filtered = filter(sorted, call.query("name"), call.queryFlag("use_regex"));
        long offset = (long) (pageNum - 1) * pageSize;
        if (offset > filtered.size()) {
            throw new ApiError(400, "page_out_of_range", "Page out of range, page: " + pageNum + " page size: "
                    + pageSize + ", len: " + filtered.size());
        }
        List<Map<String, Object>> pageItems = filtered.subList((int) offset,
                (int) Math.min(filtered.size(), offset + pageSize));
        pageItems.forEach(finish);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_count", items.size());
        out.put("item_count", pageItems.size());
        out.put("filtered_count", filtered.size());
        out.put("page", pageNum);
        out.put("page_size", pageSize);
        out.put("page_count", (filtered.size() + pageSize - 1) / pageSize);
        out.put("items", project(pageItems, columns));
        return out;
    }

    private static int parse(String s, String name) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid_pagination_parameters", name + ": '" + s + "' (expected: an integer)");
        }
    }

    private static List<Map<String, Object>> sort(Call call, List<Map<String, Object>> items) {
        String sort = call.query("sort");
        boolean reverse = call.queryFlag("sort_reverse");
        if (sort == null || sort.isEmpty()) {
            return reverse ? reversed(items) : items;
        }
        // Extract each item's key once: the comparator then runs n log n times without walking maps.
        String[] path = sort.split("\\.");
        List<Map.Entry<Object, Map<String, Object>>> keyed = new ArrayList<>(items.size());
        for (Map<String, Object> m : items) {
            keyed.add(new java.util.AbstractMap.SimpleImmutableEntry<>(dotted(m, path), m));
        }
        Comparator<Map.Entry<Object, Map<String, Object>>> byKey = (a, b) -> compare(a.getKey(), b.getKey());
        keyed.sort(reverse ? byKey.reversed() : byKey);
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map.Entry<Object, Map<String, Object>> e : keyed) {
            out.add(e.getValue());
        }
        return out;
    }

    private static List<Map<String, Object>> reversed(List<Map<String, Object>> items) {
        List<Map<String, Object>> out = new ArrayList<>(items);
        java.util.Collections.reverse(out);
        return out;
    }

    private static Object dotted(Map<String, Object> m, String[] path) {
        Object v = m;
        for (String k : path) {
            if (!(v instanceof Map<?, ?> map)) {
                return null;
            }
            v = map.get(k);
        }
        return v;
    }

    /** Missing values first (RabbitMQ sorts "nothing" as 0), then numbers, then the rest as text. */
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number != b instanceof Number) {
            return a instanceof Number ? -1 : 1;
        }
        return a.toString().compareTo(b.toString());
    }

    private static List<Map<String, Object>> filter(List<Map<String, Object>> items, String name, boolean regex) {
        if (name == null || name.isEmpty()) {
            return items;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (regex) {
            Pattern p;
            try {
                p = Pattern.compile(name, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw ApiError.badRequest("invalid regular expression '" + name + "'");
            }
            for (Map<String, Object> m : items) {
                if (p.matcher(String.valueOf(m.get("name"))).find()) {
                    out.add(m);
                }
            }
        } else {
            String needle = name.toLowerCase(Locale.ROOT);
            for (Map<String, Object> m : items) {
                if (String.valueOf(m.get("name")).toLowerCase(Locale.ROOT).contains(needle)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static List<String> columns(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        return List.of(param.split(","));
    }

    private static List<Map<String, Object>> project(List<Map<String, Object>> items, List<String> columns) {
        if (columns == null) {
            return items;
        }
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map<String, Object> m : items) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String c : columns) {
                String[] path = c.trim().split("\\.", 2);
                Object v = m.get(path[0]);
                if (v == null) {
                    continue;
                }
                if (path.length == 2 && v instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> sub = (Map<String, Object>) kept.computeIfAbsent(path[0],
                            k -> new LinkedHashMap<String, Object>());
                    if (nested.get(path[1]) != null) {
                        sub.put(path[1], nested.get(path[1]));
                    }
                } else {
                    kept.put(path[0], v);
                }
            }
            out.add(kept);
        }
        return out;
    }
}
