package io.gatehouse.it.platform;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The Gatehouse WAR once more, at /gatehouse-outage, reaching the run's database only through the
 * {@link io.gatehouse.it.DatabaseProxy} on it.outage.db.port, so DatabaseOutageIT can take the
 * database away from it alone. Its data source is the operator's own from
 * server-config/tomcat/context.xml (same pool settings), renamed, with the URL pointed at the proxy,
 * and chosen through GATEHOUSE_DATASOURCE as an operator would. Tomcat only (META-INF/context.xml).
 */
public final class OutageDeployment {
    public static final String NAME = "outage";
    static final String CONTEXT = "gatehouse-outage";

    private OutageDeployment() {
    }

    /** Whether this run can take the database away: Tomcat on a networked database. */
    static boolean applies() {
        String launch = System.getProperty("arquillian.launch", "tomcat");
        String db = System.getProperty("it.db", "h2");
        return launch.startsWith("tomcat") && !db.equals("h2");
    }

    public static WebArchive war() {
        if (!applies()) {
            return ShrinkWrap.create(WebArchive.class, CONTEXT + ".war"); // never deployed
        }
        File war = new File(System.getProperty("it.war", "target/gatehouse.war"));
        // a name of its own: the archive's name is its context root, and Arquillian refuses two of a name
        return ShrinkWrap.create(ZipImporter.class, CONTEXT + ".war").importFrom(war).as(WebArchive.class)
                .addAsManifestResource(new StringAsset(contextXml()), "context.xml");
    }

    /** The database's TCP port, from the run's JDBC URL. */
    static int databasePort() {
        String url = System.getProperty("it.db.url");
        String hostPort = url.replaceFirst("^jdbc:[a-z]+://([^/]+)/.*$", "$1");
        return Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    }

    private static String contextXml() {
        try {
            String operators = Files.readString(Path.of("server-config/tomcat/context.xml"));
            String resource = operators.substring(operators.indexOf("<Resource "), operators.indexOf("/>",
                    operators.indexOf("<Resource ")) + 2);
            String proxied = System.getProperty("it.db.url")
                    .replaceFirst("//[^/]+/", "//127.0.0.1:" + System.getProperty("it.outage.db.port") + "/");
            resource = resource.replace("name=\"jdbc/gatehouse\"", "name=\"jdbc/gatehouse-outage\"")
                    .replace("url=\"${gatehouse.db.url}\"", "url=\"" + proxied + "\"");
            return "<Context>\n  " + resource + "\n  <Environment name=\"GATEHOUSE_DATASOURCE\" "
                    + "value=\"java:comp/env/jdbc/gatehouse-outage\" type=\"java.lang.String\" override=\"false\"/>\n</Context>\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
