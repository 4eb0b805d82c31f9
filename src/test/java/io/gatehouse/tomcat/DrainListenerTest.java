package io.gatehouse.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.core.StandardServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainListenerTest {
    private final StandardServer server = new StandardServer();
    private final DrainListener listener = new DrainListener();

    @AfterEach
    void clear() {
        System.clearProperty(DrainListener.DRAINING);
        System.clearProperty(DrainListener.SETTING);
    }

    @Test
    void theSettingIsWholeSecondsWithADefaultAndZeroForNonsense() {
        assertEquals(DrainListener.DEFAULT_SECONDS, DrainListener.drainSeconds(null));
        assertEquals(DrainListener.DEFAULT_SECONDS, DrainListener.drainSeconds(" "));
        assertEquals(3, DrainListener.drainSeconds(" 3 "));
        assertEquals(0, DrainListener.drainSeconds("0"));
        assertEquals(0, DrainListener.drainSeconds("-5"));
        assertEquals(0, DrainListener.drainSeconds("ten"));
    }

    @Test
    void aStartedServerDrainsBeforeItStops() {
        System.setProperty(DrainListener.SETTING, "1");
        listener.lifecycleEvent(new LifecycleEvent(server, Lifecycle.AFTER_START_EVENT, null));
        long start = System.nanoTime();
        listener.lifecycleEvent(new LifecycleEvent(server, Lifecycle.BEFORE_STOP_EVENT, null));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 990, "held the stop back " + millis + " ms");
        assertEquals("true", System.getProperty(DrainListener.DRAINING));
    }

    @Test
    void aServerThatNeverStartedOrADrainOfZeroStopsAtOnce() {
        System.setProperty(DrainListener.SETTING, "5");
        listener.lifecycleEvent(new LifecycleEvent(server, Lifecycle.BEFORE_STOP_EVENT, null));
        assertNull(System.getProperty(DrainListener.DRAINING), "a failed start is not drained");

        System.setProperty(DrainListener.SETTING, "0");
        listener.lifecycleEvent(new LifecycleEvent(server, Lifecycle.AFTER_START_EVENT, null));
        listener.lifecycleEvent(new LifecycleEvent(server, Lifecycle.BEFORE_STOP_EVENT, null));
        assertNull(System.getProperty(DrainListener.DRAINING));
    }
}
