package io.gatehouse.console;

import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After a postback's view is restored, the console pages in its view scope that were read back from
 * the shared session (perhaps written by another node) read their data again, before the request's
 * values are applied to them (faces-config.xml).
 */
public class RestoredPages implements PhaseListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RestoredPages.class.getName());

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RESTORE_VIEW;
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext faces = event.getFacesContext();
        if (!faces.isPostback() || faces.getViewRoot() == null) {
            return;
        }
        Map<String, Object> scope = faces.getViewRoot().getViewMap(false);
        if (scope == null) {
            return;
        }
        for (Object bean : scope.values()) {
            if (bean instanceof ConsolePage page) {
                try {
                    page.refreshIfRestored();
                } catch (RuntimeException e) { // the action that follows reports what is wrong
                    LOG.log(Level.WARNING, "Console page could not read its data again: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        // nothing before the view exists
    }
}
