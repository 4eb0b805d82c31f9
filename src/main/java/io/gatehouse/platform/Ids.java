package io.gatehouse.platform;

import java.util.UUID;

/** Server-assigned identifiers: random UUIDs, so ids of one project tell nothing about another's. */
public final class Ids {
    private Ids() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
