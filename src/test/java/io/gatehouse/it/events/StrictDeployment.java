package io.gatehouse.it.events;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The Gatehouse WAR once more, at /gatehouse-strict, on the run's own data source (the server's
 * context.xml) but with GATEHOUSE_OUTBOUND_ALLOW_PRIVATE=false as a JNDI environment entry, which
 * wins over the test server's development mode: Gatehouse as production has it, for the tests of
 * what a tenant may not aim webhooks at. Tomcat only (META-INF/context.xml).
 */
public final class StrictDeployment {
    public static final String NAME = "strict";
    static final String CONTEXT = "gatehouse-strict";

    private StrictDeployment() {
    }

    static boolean applies() {
        return System.getProperty("arquillian.launch", "tomcat").startsWith("tomcat");
    }

    public static WebArchive war() {
        if (!applies()) {
            return ShrinkWrap.create(WebArchive.class, CONTEXT + ".war"); // never deployed
        }
        File war = new File(System.getProperty("it.war", "target/gatehouse.war"));
        return ShrinkWrap.create(ZipImporter.class, CONTEXT + ".war").importFrom(war).as(WebArchive.class)
                .addAsManifestResource(new StringAsset("<Context>\n  <Environment name=\"GATEHOUSE_OUTBOUND_ALLOW_PRIVATE\""
                        + " value=\"false\" type=\"java.lang.String\" override=\"false\"/>\n</Context>\n"), "context.xml");
    }
}
