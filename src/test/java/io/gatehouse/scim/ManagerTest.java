package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The enterprise manager kept as the complex attribute RFC 7643 4.3 declares, whichever form the client sent. */
class ManagerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // Entra's bare id (Captain-P-Goldfish/SCIM-SDK#686, apache/directory-scimple#1242)
            "{\"manager\":\"2819c223-7f76-453a-919d-413861904646\"}|{\"manager\":{\"value\":\"2819c223-7f76-453a-919d-413861904646\"}}",
            "{\"Manager\":\" m1 \",\"department\":\"D\"}|{\"Manager\":{\"value\":\"m1\"},\"department\":\"D\"}",
            // RFC 7643 4.3's own form is kept as sent
            "{\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\",\"$ref\":\"../Users/26118915\",\"displayName\":\"John Smith\"}}"
                    + "|{\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\",\"$ref\":\"../Users/26118915\",\"displayName\":\"John Smith\"}}",
            "{\"manager\":\"\"}|{}",
            "{\"manager\":null}|{\"manager\":null}",
            "{\"department\":\"D\"}|{\"department\":\"D\"}"})
    void normalises(String sent, String kept) throws Exception {
        ObjectNode extension = (ObjectNode) ScimJson.MAPPER.readTree(sent);
        Manager.normalise(extension);
        assertEquals(ScimJson.MAPPER.readTree(kept), extension);
        ObjectNode stored = (ObjectNode) ScimJson.MAPPER.readTree(sent);
        Manager.stored(stored);
        assertEquals(ScimJson.MAPPER.readTree(kept), stored, "data stored before the fix reads the same");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"manager\":42}", "{\"manager\":[\"m1\"]}", "{\"manager\":true}", "{\"manager\":{\"value\":7}}"})
    void refusesWhatIsNeitherForm(String sent) throws Exception {
        ObjectNode extension = (ObjectNode) ScimJson.MAPPER.readTree(sent);
        assertEquals("invalidValue", assertThrows(ScimProblem.class, () -> Manager.normalise(extension)).scimType());
    }
}
