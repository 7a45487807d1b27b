package io.warren.codec.method;

import io.warren.codec.types.FieldTable;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Builds method records reflectively through their canonical constructors, for round-trip and spec tests. */
final class MethodSamples {

    /**
     * Builds {@code type} with a value per component from {@code values}, called with the component and its
     * index; boolean components take bit {@code n} of {@code bits}, {@code n} counting booleans only.
     */
    static Method build(Class<? extends Method> type, long bits, BiFunction<RecordComponent, Integer, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        int bit = 0;
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = types[i] == boolean.class ? ((bits >>> bit++) & 1) != 0 : values.apply(components[i], i);
        }
        try {
            Constructor<? extends Method> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("constructor of " + type.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no canonical constructor for " + type.getName(), e);
        }
    }

    /**
     * Non-default values that fit every AMQP width a component of that Java type can have (ints stay within an
     * octet; longs use the top bit to catch signedness mistakes); {@code seed} varies them between builds.
     */
    static Method sample(Class<? extends Method> type, long bits, int seed) {
        return build(type, bits, (c, i) -> {
            Class<?> t = c.getType();
            if (t == int.class) {
                return 1 + (seed * 31 + i * 17) % 254;
            }
            if (t == long.class) {
                return Long.MIN_VALUE + 0x0102_0304_0506L * (i + 1) + seed;
            }
            if (t == String.class) {
                return c.getName() + "-é-" + seed;
            }
            if (t == FieldTable.class) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("k" + i, seed);
                m.put("nested", Map.of("flag", true, "list", List.of("a", 2L)));
                return FieldTable.of(m);
            }
            throw new AssertionError("unexpected component type " + t + " in " + type.getName());
        });
    }

    static int booleanCount(Class<?> type) {
        int n = 0;
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == boolean.class) {
                n++;
            }
        }
        return n;
    }

    /** Bit patterns for {@code n} booleans: none, all, alternating both ways, and each bit alone. */
    static List<Long> bitPatterns(int n) {
        long all = n == 0 ? 0 : (1L << n) - 1;
        Set<Long> patterns = new LinkedHashSet<>(List.of(0L, all, 0x5555_5555L & all, 0xAAAA_AAAAL & all));
        for (int i = 0; i < n; i++) {
            patterns.add(1L << i);
        }
        return new ArrayList<>(patterns);
    }

    private MethodSamples() {
    }
}
