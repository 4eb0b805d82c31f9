package io.gatehouse.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The suite deployment of the scale-out run (arquillian.xml, extension "suite", set by the pom's
 * postgresql-2-nodes run): the same WAR on both nodes of the group "cluster", as "a" and "b".
 */
public final class ClusterDeployments {
    private ClusterDeployments() {
    }

    @Deployment(name = "a", testable = false)
    @TargetsContainer("node-a")
    public static WebArchive onNodeA() {
        return Deployments.war();
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("node-b")
    public static WebArchive onNodeB() {
        return Deployments.war();
    }
}
