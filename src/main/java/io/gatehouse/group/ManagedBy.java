package io.gatehouse.group;

/** Who owns a group's name and members. Role and priority are always the project's to set. */
public enum ManagedBy {
    /** Pushed by the identity provider over SCIM. */
    IDP,
    /** Created in the project by an admin; the IdP may import it but should not change it. */
    PROJECT
}
