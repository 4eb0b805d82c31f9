package io.gatehouse.it;

import io.gatehouse.it.oidc.RelyingParties;
import io.gatehouse.it.platform.OutageDeployment;
import java.io.File;
import org.eu.ingwar.tools.arquillian.extension.suite.annotations.ArquillianSuiteDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR the build produced, exactly as users deploy it, deployed once for the whole integration
 * suite (arquillian-suite-extension): every test class talks to the same running application, so
 * each class works in projects of its own. Deploying it per class cost 10–50 s each on two cores.
 */
@ArquillianSuiteDeployment
public final class Deployments {
    private Deployments() {
    }

    @Deployment(testable = false)
    public static WebArchive gatehouseWar() {
        File war = new File(System.getProperty("it.war", "target/gatehouse.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The OIDC tests' relying party for this run's server, beside Gatehouse on the same server. Not
     * managed: only those tests deploy it (and undeploy it again), so no other run deploys it.
     */
    @Deployment(name = RelyingParties.NAME, managed = false, testable = false)
    public static WebArchive relyingParty() {
        return RelyingParties.forThisServer();
    }

    /** Gatehouse once more with private outbound addresses refused (production's default), for WebhookAddressIT. */
    @Deployment(name = io.gatehouse.it.events.StrictDeployment.NAME, managed = false, testable = false)
    public static WebArchive strict() {
        return io.gatehouse.it.events.StrictDeployment.war();
    }

    /** Gatehouse once more behind a database proxy, for DatabaseOutageIT only (which deploys it). */
    @Deployment(name = OutageDeployment.NAME, managed = false, testable = false)
    public static WebArchive outage() {
        return OutageDeployment.war();
    }
}
