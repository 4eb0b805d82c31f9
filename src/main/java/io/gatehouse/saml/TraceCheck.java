package io.gatehouse.saml;

/** One check of a sign-in trace: its name, whether it passed, and what it found, in a sentence. */
public record TraceCheck(String name, boolean passed, String detail) {
}
