package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The constraint names as each database reports them. */
class ConstraintsTest {
    @Test
    void namesAreFoundInEachDatabasesMessage() {
        String expected = "A user with this userName already exists in the project";
        assertEquals(expected, Constraints.describe("ERROR: duplicate key value violates unique constraint \"uq_user_name\""));
        assertEquals(expected, Constraints.describe("Duplicate entry 'p-x' for key 'uq_user_name'"));
        assertEquals(expected, Constraints.describe("Unique index or primary key violation: \"PUBLIC.UQ_USER_NAME_INDEX_9 ON PUBLIC.GH_USER\""));
        assertEquals("The change conflicts with existing data", Constraints.describe("something else"));
    }

    @Test
    void everyDatabaseGetsItsPlaceholders() {
        assertEquals("DATETIME(6)", Migrations.placeholdersFor("MariaDB").get("ts"));
        assertEquals("TEXT", Migrations.placeholdersFor("PostgreSQL").get("text"));
        assertEquals("CLOB", Migrations.placeholdersFor("H2").get("text"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Migrations.placeholdersFor("Oracle"));
    }
}
