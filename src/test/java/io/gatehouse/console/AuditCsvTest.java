package io.gatehouse.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditCsvTest {
    @Test
    void fieldsAreQuotedAndFormulasDefused() {
        assertEquals("\"Created user a@b.c\"", AuditView.csv("Created user a@b.c"));
        assertEquals("\"say \"\"hi\"\", then go\"", AuditView.csv("say \"hi\", then go"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", AuditView.csv("=HYPERLINK(\"x\")"));
        assertEquals("\"'+1\"", AuditView.csv("+1"));
        assertEquals("\"'@SUM(A1)\"", AuditView.csv("@SUM(A1)"));
        assertEquals("", AuditView.csv(null));
    }
}
