package io.warren.codec.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** RabbitMQ's names for field-table value types, as its error texts use them ("signedint", "longstr", ...). */
public final class FieldTypes {
    private FieldTypes() {
    }

    public static String name(Object v) {
        if (v == null) {
            return "void";
        } else if (v instanceof String) {
            return "longstr";
        } else if (v instanceof Integer) {
            return "signedint";
        } else if (v instanceof Long) {
            return "long";
        } else if (v instanceof Short) {
            return "short";
        } else if (v instanceof Byte) {
            return "byte";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Float) {
            return "float";
        } else if (v instanceof Double) {
            return "double";
        } else if (v instanceof BigDecimal) {
            return "decimal";
        } else if (v instanceof Instant) {
            return "timestamp";
        } else if (v instanceof byte[]) {
            return "binary";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof Map || v instanceof FieldTable) {
            return "table";
        }
        return v.getClass().getSimpleName();
    }
}
