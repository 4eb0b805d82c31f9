package io.gatehouse.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, exactly as users deploy it. */
public final class Deployments {
    private Deployments() {
    }

    public static WebArchive gatehouseWar() {
        File war = new File(System.getProperty("it.war", "target/gatehouse.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
