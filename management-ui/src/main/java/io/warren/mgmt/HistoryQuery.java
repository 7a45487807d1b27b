package io.warren.mgmt;

import io.warren.broker.admin.MessageRates;
import io.warren.broker.admin.SampleRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ's history query parameters ({@code rabbit_mgmt_util:range}): {@code msg_rates_age} and
 * {@code msg_rates_incr} (seconds) add {@code samples} to every message rate's {@code *_details},
 * {@code lengths_age} and {@code lengths_incr} to queue lengths'. A pair counts only when both are integers;
 * then age and incr must be positive with age/incr at most {@value #MAX_POINTS}, else the answer is 400. As in
 * RabbitMQ, message-rate points end at now rounded down to the increment, queue-length points at now rounded
 * up on queue endpoints ({@code range_ceil}).
 *
 * <p>Details with samples have RabbitMQ's shape: {@code rate}, {@code samples} ({@code [{sample, timestamp}]},
 * newest first) and, from two samples on, {@code avg_rate} (between the oldest and newest sample, per second)
 * and {@code avg} (of the samples).
 *
 * @param msgRates null when not asked for
 * @param lengths  null when not asked for
 */
record HistoryQuery(SampleRange msgRates, SampleRange lengths) {
    static final int MAX_POINTS = 500;
    static final HistoryQuery NONE = new HistoryQuery(null, null);

    static HistoryQuery of(Call c, long nowMillis, boolean ceilLengths) {
        SampleRange msg = range(c, "msg_rates", nowMillis, false);
        SampleRange lengths = range(c, "lengths", nowMillis, ceilLengths);
        return msg == null && lengths == null ? NONE : new HistoryQuery(msg, lengths);
    }

    private static SampleRange range(Call c, String prefix, long now, boolean ceil) {
        Integer age = integer(c.query(prefix + "_age"));
        Integer incr = integer(c.query(prefix + "_incr"));
        if (age == null || incr == null) {
            return null;
        }
        if (age <= 0 || incr <= 0 || age / incr > MAX_POINTS) {
            throw ApiError.badRequest("Invalid range parameters: age " + age + ", incr " + incr);
        }
        return SampleRange.of(age, incr, now, ceil);
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code *_details} with samples (newest first, as {@link MessageRates} returns them). */
    static Map<String, Object> details(double rate, List<MessageRates.Point> samples) {
        Map<String, Object> d = new LinkedHashMap<>(Formats.rate(rate));
        List<Map<String, Object>> out = new ArrayList<>(samples.size());
        long total = 0;
        for (MessageRates.Point p : samples) {
            Map<String, Object> s = new LinkedHashMap<>(4);
            s.put("sample", p.value());
            s.put("timestamp", p.timestampMillis());
            out.add(s);
            total += p.value();
        }
        d.put("samples", out);
        if (samples.size() > 1) {
            MessageRates.Point newest = samples.get(0);
            MessageRates.Point oldest = samples.get(samples.size() - 1);
            d.put("avg_rate", (newest.value() - oldest.value()) * 1000.0
                    / (newest.timestampMillis() - oldest.timestampMillis()));
            d.put("avg", (double) total / samples.size());
        }
        return d;
    }
}
