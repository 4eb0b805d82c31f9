package io.gatehouse.it.oidc;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The relying-party WARs of the OIDC tests (sources in src/test/rp). Deployments declares the one for
 * the run's server as the unmanaged deployment {@link #NAME}; only the RP tests deploy it (Deployer),
 * so the other runs pay nothing for it.
 */
public final class RelyingParties {
    /** The deployment's name in Deployments. */
    public static final String NAME = "rp";
    /** Jakarta Security 3.0 (Soteria, the server's own) on WildFly and Payara: context root /rp-jakarta. */
    static final String JAKARTA = "rp-jakarta";
    /** pac4j-oidc 6 on Tomcat: context root /rp-pac4j. */
    static final String PAC4J = "rp-pac4j";

    private RelyingParties() {
    }

    /** The context root of this run's relying party. */
    static String contextRoot() {
        return onFullJakartaEeServer() ? JAKARTA : PAC4J;
    }

    public static WebArchive forThisServer() {
        return onFullJakartaEeServer() ? jakartaSecurity() : pac4j();
    }

    private static boolean onFullJakartaEeServer() {
        String launch = System.getProperty("arquillian.launch", "tomcat");
        return launch.equals("wildfly") || launch.equals("payara");
    }

    /** Classes compiled with the tests (src/test/rp/jakarta/java), web root from the sources. */
    static WebArchive jakartaSecurity() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, JAKARTA + ".war").addPackage("io.gatehouse.rp.jakarta");
        return war.as(ExplodedImporter.class).importDirectory(new File("src/test/rp/jakarta/webapp")).as(WebArchive.class);
    }

    /** Built by the pom (rp-pac4j-*: WEB-INF/lib, web.xml, classes) into target/rp/pac4j. */
    static WebArchive pac4j() {
        File dir = new File(System.getProperty("it.rp.pac4j.dir", "target/rp/pac4j"));
        if (!new File(dir, "WEB-INF/classes").isDirectory()) {
            throw new IllegalStateException("the pac4j relying party was not built into " + dir + " (mvn package)");
        }
        return ShrinkWrap.create(WebArchive.class, PAC4J + ".war").as(ExplodedImporter.class).importDirectory(dir)
                .as(WebArchive.class);
    }
}
