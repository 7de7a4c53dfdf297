package io.kiipush.gateway.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.PushSession;

/**
 * The "Kii Push" page of the Felix web console ({@code /system/console/kiipush}): a plain {@link Servlet} service with
 * the {@code felix.webconsole.*} properties, which Felix Web Console 4.x (Karaf) and 5.x (local gateway, through its
 * javax wrappers) both take as a plugin. It also listens to every connection's notifications to keep the last few.
 * Thin: the page is built by {@link ConsoleModel}, {@link HtmlPage}, {@link JsonPage} and {@link ConsoleActions}. It
 * starts no thread: requests run on the HTTP service's threads, notifications on the sessions' dispatch threads.
 */
@Component(service = { Servlet.class, PushNotificationListener.class }, property = {
    "felix.webconsole.label=" + KiiPushConsolePlugin.LABEL,
    "felix.webconsole.title=Kii Push",
    "felix.webconsole.category=Kii" })
public final class KiiPushConsolePlugin extends HttpServlet implements PushNotificationListener {

    static final String LABEL = "kiipush";
    static final String JSON_PATH = "/status.json";
    /** Notifications kept per connection. */
    static final int RECENT = 10;

    private static final long serialVersionUID = 1L;

    private final transient List<PushSession> sessions = new CopyOnWriteArrayList<>();
    private final transient RecentNotifications recent = new RecentNotifications(RECENT);
    private final transient ConsoleModel model = new ConsoleModel(recent);

    /** For DS. */
    public KiiPushConsolePlugin() {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSession(PushSession session) {
        sessions.add(session);
    }

    void unbindSession(PushSession session) {
        sessions.remove(session);
        try {
            recent.forget(session.getConnection());
        } catch (RuntimeException e) {
            // already unusable: its ring stays until a session of the same id goes away
        }
    }

    @Override
    public void onNotification(PushNotification notification) {
        // On the session's dispatch thread: one short append, nothing else.
        recent.add(notification.getConnection(), RecentNotification.of(notification));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<ConnectionView> views = model.views(new ArrayList<>(sessions));
        String uri = req.getRequestURI();
        resp.setHeader("Cache-Control", "no-store");
        if (uri != null && uri.endsWith(JSON_PATH)) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(JsonPage.render(views));
            return;
        }
        // Inside the web console's frame, which has set the content type and written the page's head.
        PrintWriter out = resp.getWriter();
        out.write(new HtmlPage(base(uri), System.currentTimeMillis()).render(views));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!SameOrigin.allowed(req.getHeader("Origin"), req.getHeader("Referer"), req.getHeader("Host"))) {
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            resp.setContentType("text/plain");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().println("refused: the request comes from a page of another site (Origin or Referer is not "
                    + "this console); use the console's own buttons, or send no Origin and Referer from a script");
            return;
        }
        ConsoleActions.Outcome outcome = ConsoleActions.apply(req.getParameter("action"), req.getParameter("connection"),
                new ArrayList<>(sessions));
        if (outcome.done()) {
            resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
            resp.setHeader("Location", base(req.getRequestURI()));
            return;
        }
        resp.setStatus(outcome.status());
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().println(outcome.message());
    }

    /**
     * @param uri the request URI, e.g. {@code /system/console/kiipush/status.json}
     * @return the plugin's own path, e.g. {@code /system/console/kiipush}
     */
    static String base(String uri) {
        String u = uri == null || uri.isEmpty() ? LABEL : uri;
        if (u.endsWith(JSON_PATH)) {
            u = u.substring(0, u.length() - JSON_PATH.length());
        }
        while (u.endsWith("/") && u.length() > 1) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
