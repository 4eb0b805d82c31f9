package io.gatehouse.mockidp;

import io.gatehouse.saml.SpKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.SignatureSigningParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureSupport;
import org.opensaml.xmlsec.signature.support.Signer;
import org.pac4j.saml.util.Configuration;
import org.w3c.dom.Element;

/**
 * A minimal SAML 2.0 identity provider that issues real, signed responses (OpenSAML). It backs the
 * development-only mock IdP page, and the integration tests use it to build both valid responses
 * and the malformed ones of the attack catalogue. Nothing here is used by the SP's checks.
 */
public final class MockIdentityProvider {
    private final String entityId;
    private final String ssoUrl;
    private final String sloUrl;
    private final SpKeyPair keys;
    private final BasicX509Credential credential;

    public MockIdentityProvider(String entityId, String ssoUrl, String sloUrl, SpKeyPair keys) {
        Configuration.getParserPool(); // initialises OpenSAML once per JVM
        this.entityId = entityId;
        this.ssoUrl = ssoUrl;
        this.sloUrl = sloUrl;
        this.keys = keys;
        this.credential = new BasicX509Credential(keys.certificate(), keys.privateKey());
        this.credential.setEntityId(entityId);
    }

    /** Who signs in, and the knobs the tests turn; the defaults make a valid response. */
    public record Person(String email, String givenName, String familyName, List<String> groups) {
    }

    public static final class Options {
        public String acsUrl;
        public String audience;
        public String inResponseTo;
        /** False: only the Response carries InResponseTo, the assertion's SubjectConfirmationData does not. */
        public boolean bindAssertion = true;
        public String destination;
        public String recipient;
        public String issuer;
        public boolean signAssertion = true;
        public boolean signResponse = true;
        public Instant issuedAt = Instant.now();
        public Duration validity = Duration.ofMinutes(5);
        public String sessionIndex = "_s" + UUID.randomUUID();
        public String statusCode = StatusCode.SUCCESS;
        /** Edits the Response's DOM after it is built and before it is signed: the tests' forgeries with the IdP's key. */
        public Consumer<Element> beforeSigning;

        public static Options forSp(String acsUrl, String spEntityId) {
            Options options = new Options();
            options.acsUrl = acsUrl;
            options.audience = spEntityId;
            return options;
        }
    }

    public String entityId() {
        return entityId;
    }

    public String metadataXml() {
        try {
            String cert = Base64.getEncoder().encodeToString(keys.certificate().getEncoded());
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                    + " entityID=\"" + entityId + "\">\n"
                    + " <md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
                    + "  <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + cert
                    + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
                    + "  <md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"" + sloUrl + "\"/>\n"
                    + "  <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n"
                    + "  <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"" + ssoUrl + "\"/>\n"
                    + " </md:IDPSSODescriptor>\n"
                    + "</md:EntityDescriptor>\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed Response for the person, as the XML text an IdP would base64-encode and post. */
    public String responseXml(Person person, Options o) {
        try {
            Response response = response(person, o);
            return SerializeSupport.nodeToString(response.getDOM());
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the SAML response", e);
        }
    }

    /** A LogoutRequest naming the person's session, signed (XML signature) when asked. */
    public String logoutRequestXml(String nameIdValue, String sessionIndex, String destination, boolean sign) {
        try {
            LogoutRequest request = build(LogoutRequest.DEFAULT_ELEMENT_NAME);
            request.setID("_l" + UUID.randomUUID());
            request.setIssueInstant(Instant.now());
            request.setVersion(SAMLVersion.VERSION_20);
            request.setDestination(destination);
            request.setIssuer(issuer(new Options()));
            NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
            nameId.setFormat(NameIDType.EMAIL);
            nameId.setValue(nameIdValue);
            request.setNameID(nameId);
            if (sessionIndex != null) {
                SessionIndex index = build(SessionIndex.DEFAULT_ELEMENT_NAME);
                index.setValue(sessionIndex);
                request.getSessionIndexes().add(index);
            }
            return signedXml(request, sign);
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the LogoutRequest", e);
        }
    }

    /** The signed LogoutResponse (success) an IdP sends back after the SP's LogoutRequest. */
    public String logoutResponseXml(String inResponseTo, String destination) {
        try {
            LogoutResponse response = build(LogoutResponse.DEFAULT_ELEMENT_NAME);
            response.setID("_lr" + UUID.randomUUID());
            response.setIssueInstant(Instant.now());
            response.setVersion(SAMLVersion.VERSION_20);
            response.setDestination(destination);
            response.setInResponseTo(inResponseTo);
            response.setIssuer(issuer(new Options()));
            Status status = build(Status.DEFAULT_ELEMENT_NAME);
            StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
            code.setValue(StatusCode.SUCCESS);
            status.setStatusCode(code);
            response.setStatus(status);
            return signedXml(response, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the LogoutResponse", e);
        }
    }

    /**
     * The query of an HTTP-Redirect binding message (DEFLATE, base64, URL-encoding) with its
     * SigAlg and Signature over the raw parameters, or without them when {@code sign} is false.
     */
    public String redirectQuery(String parameter, String xml, String relayState, boolean sign) {
        try {
            var deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFLATED, true);
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = new java.util.zip.DeflaterOutputStream(bytes, deflater)) {
                out.write(xml.getBytes(StandardCharsets.UTF_8));
            }
            String query = parameter + "=" + encode(Base64.getEncoder().encodeToString(bytes.toByteArray()))
                    + (relayState == null ? "" : "&RelayState=" + encode(relayState));
            if (!sign) {
                return query;
            }
            query += "&SigAlg=" + encode(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.privateKey());
            signer.update(query.getBytes(StandardCharsets.UTF_8));
            return query + "&Signature=" + encode(Base64.getEncoder().encodeToString(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException("Could not encode the redirect message", e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String signedXml(org.opensaml.saml.common.SignableSAMLObject object, boolean sign) throws Exception {
        if (sign) {
            object.setSignature(signature());
        }
        XMLObjectSupport.marshall(object);
        if (sign) {
            Signer.signObject(object.getSignature());
        }
        return SerializeSupport.nodeToString(object.getDOM());
    }

    public static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private Response response(Person person, Options o) throws Exception {
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID("_r" + UUID.randomUUID());
        response.setIssueInstant(o.issuedAt);
        response.setVersion(SAMLVersion.VERSION_20);
        response.setDestination(o.destination != null ? o.destination : o.acsUrl);
        response.setInResponseTo(o.inResponseTo);
        response.setIssuer(issuer(o));
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(o.statusCode);
        status.setStatusCode(code);
        response.setStatus(status);
        Assertion assertion = assertion(person, o);
        response.getAssertions().add(assertion);
        if (o.signAssertion) {
            assertion.setSignature(signature());
        }
        if (o.signResponse) {
            response.setSignature(signature());
        }
        XMLObjectSupport.marshall(response);
        if (o.beforeSigning != null) {
            o.beforeSigning.accept(response.getDOM());
        }
        if (o.signAssertion) {
            Signer.signObject(assertion.getSignature()); // inner signature first, then the enveloping one
        }
        if (o.signResponse) {
            Signer.signObject(response.getSignature());
        }
        return response;
    }

    private Assertion assertion(Person person, Options o) {
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID("_a" + UUID.randomUUID());
        assertion.setIssueInstant(o.issuedAt);
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssuer(issuer(o));
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setFormat(NameIDType.EMAIL);
        nameId.setValue(person.email());
        subject.setNameID(nameId);
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(o.recipient != null ? o.recipient : o.acsUrl);
        data.setInResponseTo(o.bindAssertion ? o.inResponseTo : null);
        data.setNotOnOrAfter(o.issuedAt.plus(o.validity));
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(o.issuedAt.minusSeconds(30));
        conditions.setNotOnOrAfter(o.issuedAt.plus(o.validity));
        AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(o.audience);
        restriction.getAudiences().add(audience);
        conditions.getAudienceRestrictions().add(restriction);
        assertion.setConditions(conditions);
        AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(o.issuedAt);
        authn.setSessionIndex(o.sessionIndex);
        AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        ref.setURI(AuthnContext.PPT_AUTHN_CTX);
        context.setAuthnContextClassRef(ref);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);
        AttributeStatement attributes = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        attributes.getAttributes().add(attribute("email", List.of(person.email())));
        if (person.givenName() != null) {
            attributes.getAttributes().add(attribute("firstName", List.of(person.givenName())));
        }
        if (person.familyName() != null) {
            attributes.getAttributes().add(attribute("lastName", List.of(person.familyName())));
        }
        if (person.groups() != null) {
            attributes.getAttributes().add(attribute("groups", person.groups()));
        }
        assertion.getAttributeStatements().add(attributes);
        return assertion;
    }

    private Issuer issuer(Options o) {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(o.issuer != null ? o.issuer : entityId);
        issuer.setFormat(NameIDType.ENTITY);
        return issuer;
    }

    private static Attribute attribute(String name, List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setNameFormat(Attribute.BASIC);
        for (String value : values) {
            XSString text = (XSString) factory().getBuilderOrThrow(XSString.TYPE_NAME)
                    .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            text.setValue(value);
            attribute.getAttributeValues().add(text);
        }
        return attribute;
    }

    private Signature signature() throws Exception {
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        SignatureSigningParameters parameters = new SignatureSigningParameters();
        parameters.setSigningCredential(credential);
        parameters.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        parameters.setSignatureReferenceDigestMethod(SignatureConstants.ALGO_ID_DIGEST_SHA256);
        parameters.setSignatureCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
        keyInfo.setEmitEntityCertificate(true);
        parameters.setKeyInfoGenerator(keyInfo.newInstance());
        SignatureSupport.prepareSignatureParams(signature, parameters);
        return signature;
    }

    @SuppressWarnings("unchecked")
    private static <T> T build(QName name) {
        return (T) factory().getBuilderOrThrow(name).buildObject(name);
    }

    private static XMLObjectBuilderFactory factory() {
        return Configuration.getBuilderFactory();
    }
}
