package io.gatehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 between one Gatehouse deployment and the test database, so a test can
 * take the database away from that deployment alone, the way an outage looks from the server: every
 * open connection is cut and new ones are refused ({@link #cut()}), until {@link #restore()}.
 */
public final class DatabaseProxy implements AutoCloseable {
    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private DatabaseProxy(int port, int target) {
        this.port = port;
        this.target = target;
    }

    public static DatabaseProxy start(int port, int target) throws IOException {
        DatabaseProxy proxy = new DatabaseProxy(port, target);
        proxy.restore();
        return proxy;
    }

    /** Accepts connections again (on the same port) and relays them to the database. */
    public synchronized void restore() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread accepting = new Thread(() -> accept(socket), "db-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** The database is gone: open connections are reset and new ones refused. */
    public synchronized void cut() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : open) {
            close(socket);
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (this) { // with cut(): a connection accepted as the cut began must not outlive it
                    if (listener != socket) {
                        close(client);
                        close(server);
                        return;
                    }
                    open.add(client);
                    open.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return; // closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread relay = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                close(from);
                close(to);
                open.remove(from);
                open.remove(to);
            }
        }, "db-proxy-relay");
        relay.setDaemon(true);
        relay.start();
    }

    private static void close(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset, as when the database host drops the connection
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
