package io.gatehouse.saml;

import static io.gatehouse.saml.ResponseScreen.ASSERTION;
import static io.gatehouse.saml.ResponseScreen.DSIG;
import static io.gatehouse.saml.ResponseScreen.PROTOCOL;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The parts of the SAML schema that decide whose identity a Response carries, checked on the DOM
 * before pac4j sees it. A message that breaks them is refused as MALFORMED rather than left to a
 * parser that may ignore, or read differently, what it does not expect:
 * <ul>
 * <li>no element or attribute in a namespace that looks like a SAML or XML-DSig one without being
 *     it (other case, a trailing slash or '#', https for http, any character that is not plain
 *     printable ASCII, e.g. a Cyrillic 'о' for an 'o');</li>
 * <li>the Response's children are those of the schema, in its order: Issuer?, Signature?,
 *     Extensions?, Status, then assertions; the assertion's likewise;</li>
 * <li>one Subject with one identifier (NameID, BaseID or EncryptedID) in the assertion;</li>
 * <li>no ID value twice anywhere in the message (ID, Id or xml:id), so a signature reference
 *     can only resolve to one element.</li>
 * </ul>
 */
final class ResponseShape {
    static final String XML = "http://www.w3.org/XML/1998/namespace";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    /** The namespaces whose look-alikes are refused. */
    static final List<String> KNOWN = List.of(PROTOCOL, ASSERTION, DSIG, "http://www.w3.org/2001/04/xmlenc#",
            "http://www.w3.org/2009/xmlenc11#", "http://www.w3.org/2009/xmldsig11#", "http://www.w3.org/2001/04/xmldsig-more#",
            "http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/2001/XMLSchema-instance",
            "http://www.w3.org/2001/XMLSchema", XML);
    private static final Set<String> KNOWN_SKELETONS = KNOWN.stream().map(ResponseShape::skeleton).collect(Collectors.toSet());

    /** One place in a schema sequence: the elements that may stand there, and how many of them. */
    private record Slot(String namespace, Set<String> names, boolean required, boolean repeats) {
        static Slot optional(String namespace, String name) {
            return new Slot(namespace, Set.of(name), false, false);
        }

        static Slot required(String namespace, String name) {
            return new Slot(namespace, Set.of(name), true, false);
        }

        boolean matches(Element e) {
            return namespace.equals(e.getNamespaceURI()) && names.contains(e.getLocalName());
        }
    }

    private static final List<Slot> RESPONSE = List.of(Slot.optional(ASSERTION, "Issuer"), Slot.optional(DSIG, "Signature"),
            Slot.optional(PROTOCOL, "Extensions"), Slot.required(PROTOCOL, "Status"),
            new Slot(ASSERTION, Set.of("Assertion", "EncryptedAssertion"), false, true));
    private static final List<Slot> ASSERTION_CHILDREN = List.of(Slot.required(ASSERTION, "Issuer"),
            Slot.optional(DSIG, "Signature"), Slot.optional(ASSERTION, "Subject"), Slot.optional(ASSERTION, "Conditions"),
            Slot.optional(ASSERTION, "Advice"), new Slot(ASSERTION,
                    Set.of("Statement", "AuthnStatement", "AuthzDecisionStatement", "AttributeStatement"), false, true));
    private static final Set<String> IDENTIFIERS = Set.of("NameID", "BaseID", "EncryptedID");

    private ResponseShape() {
    }

    /** Refuses the Response unless it has the shape above; {@code assertion} is null for an encrypted one. */
    static void check(Element response, Element assertion) {
        namespaces(response);
        children(response, RESPONSE);
        if (assertion != null) {
            children(assertion, ASSERTION_CHILDREN);
            oneSubject(assertion);
        }
        uniqueIds(response, new HashSet<>());
    }

    private static void namespaces(Element element) {
        refuseLookAlike(element.getNamespaceURI(), element);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            String namespace = attributes.item(i).getNamespaceURI();
            if (!XMLNS.equals(namespace)) { // a declaration only matters once an element or attribute uses it
                refuseLookAlike(namespace, attributes.item(i));
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                namespaces(e);
            }
        }
    }

    private static void refuseLookAlike(String namespace, Node where) {
        if (namespace != null && lookAlike(namespace)) {
            throw new SignInFailure(Reason.MALFORMED, where.getNodeName() + " is in the namespace '" + printable(namespace)
                    + "', a look-alike of a SAML or XML-DSig namespace");
        }
    }

    /** Whether the namespace is not one of {@link #KNOWN} but could be taken for one. */
    static boolean lookAlike(String namespace) {
        if (KNOWN.contains(namespace)) {
            return false;
        }
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (c <= ' ' || c > '~') { // whitespace, controls, and every non-ASCII character (homoglyphs, zero widths)
                return true;
            }
        }
        return KNOWN_SKELETONS.contains(skeleton(namespace));
    }

    /** The namespace without what a reader overlooks: case, scheme, "www.", punctuation. */
    private static String skeleton(String namespace) {
        String s = namespace.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        return s.replaceAll("[^a-z0-9]", "");
    }

    /** The element's children follow the schema's sequence; no text between them (neither type has mixed content). */
    private static void children(Element parent, List<Slot> schema) {
        int slot = 0;
        boolean[] seen = new boolean[schema.size()];
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                if (!child.getNodeValue().isBlank()) {
                    throw new SignInFailure(Reason.MALFORMED, "Text directly inside the " + parent.getLocalName());
                }
                continue;
            }
            if (!(child instanceof Element e)) {
                continue; // comments and processing instructions: ResponseScreen refuses them inside the assertion
            }
            int at = slot;
            while (at < schema.size() && !schema.get(at).matches(e)) {
                at++;
            }
            if (at == schema.size()) {
                throw new SignInFailure(Reason.MALFORMED, "Unexpected " + e.getNodeName() + " {" + printable(e.getNamespaceURI())
                        + "} in the " + parent.getLocalName() + " (unknown, repeated or out of the schema's order)");
            }
            seen[at] = true;
            slot = schema.get(at).repeats() ? at : at + 1;
        }
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).required() && !seen[i]) {
                throw new SignInFailure(Reason.MALFORMED, "The " + parent.getLocalName() + " has no "
                        + schema.get(i).names().iterator().next());
            }
        }
    }

    private static void oneSubject(Element assertion) {
        int subjects = assertion.getElementsByTagNameNS(ASSERTION, "Subject").getLength();
        if (subjects != 1) {
            throw new SignInFailure(Reason.MALFORMED, "The assertion has " + subjects + " Subjects; exactly one is accepted");
        }
        int identifiers = identifiers(assertion);
        if (identifiers > 1) {
            throw new SignInFailure(Reason.MALFORMED, "The assertion names its subject " + identifiers
                    + " times (NameID, BaseID, EncryptedID); one is accepted");
        }
    }

    /** NameID, BaseID and EncryptedID elements, except inside attribute values (eduPersonTargetedID is a NameID). */
    private static int identifiers(Element element) {
        int count = 0;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element e)) {
                continue;
            }
            boolean saml = ASSERTION.equals(e.getNamespaceURI());
            if (saml && IDENTIFIERS.contains(e.getLocalName())) {
                count++;
            } else if (!(saml && "AttributeValue".equals(e.getLocalName()))) {
                count += identifiers(e);
            }
        }
        return count;
    }

    private static void uniqueIds(Element element, Set<String> seen) {
        for (Attr id : new Attr[] {element.getAttributeNodeNS(null, "ID"), element.getAttributeNodeNS(null, "Id"),
                element.getAttributeNodeNS(XML, "id")}) {
            if (id != null && !seen.add(id.getValue())) {
                throw new SignInFailure(Reason.MALFORMED, "The ID '" + printable(id.getValue()) + "' appears twice in the message");
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                uniqueIds(e, seen);
            }
        }
    }

    /** For the audit detail: what was sent, with anything unprintable shown as a code point, and bounded. */
    private static String printable(String value) {
        if (value == null) {
            return "no namespace";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (c > ' ' && c <= '~') {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04X", c));
            }
        });
        return out.toString();
    }
}
