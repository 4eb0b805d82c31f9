package io.gatehouse.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared set-up of the scale-out tests (ScaleOut*IT, the pom's postgresql-2-nodes run): the WAR
 * on two Tomcat nodes, each with its own data directory, on one PostgreSQL database, behind the
 * non-sticky {@link LoadBalancer} whose address both nodes have as GATEHOUSE_BASE_URL, with the same
 * GATEHOUSE_KEY_ENCRYPTION_KEY (arquillian.xml, group "cluster").
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class TwoNodes {
    @Deployment(name = "a", testable = false)
    @TargetsContainer("node-a")
    static WebArchive onNodeA() {
        return Deployments.gatehouseWar();
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("node-b")
    static WebArchive onNodeB() {
        return Deployments.gatehouseWar();
    }

    @ArquillianResource
    @OperateOnDeployment("a")
    protected URL nodeA;

    @ArquillianResource
    @OperateOnDeployment("b")
    protected URL nodeB;

    protected static LoadBalancer lb;

    @BeforeAll
    static void loadBalancer() throws Exception {
        lb = LoadBalancer.start(Integer.getInteger("it.lb.port"));
    }

    @AfterAll
    static void stopLoadBalancer() {
        if (lb != null) {
            lb.close();
        }
    }
}
