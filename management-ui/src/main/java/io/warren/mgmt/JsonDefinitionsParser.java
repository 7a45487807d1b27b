package io.warren.mgmt;

import io.warren.broker.admin.Definitions;
import io.warren.broker.admin.DefinitionsParser;

/** Definitions files for {@code load_definitions}, read as {@code POST /api/definitions} reads its body. */
public final class JsonDefinitionsParser implements DefinitionsParser {
    @Override
    public Definitions parse(byte[] json) {
        try {
            return DefinitionsResource.fromJson(Json.readObject(json), null);
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
