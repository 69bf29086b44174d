package io.leadline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 that a test (or {@code scripts/chaos.sh}) puts between Leadline and
 * PostgreSQL or Redis, to take the service away without stopping the shared server: {@link #cut()}
 * closes every open connection and refuses new ones, as a crashed server or a lost network does;
 * {@link #restore()} accepts again.
 *
 * <p>Run alone: {@code java -cp target/test-classes io.leadline.testing.TcpProxy LISTEN_PORT
 * TARGET_PORT CONTROL_FILE}; writing {@code down} or {@code up} to the control file cuts or restores.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public TcpProxy(int targetPort) throws IOException {
        this(0, targetPort);
    }

    public TcpProxy(int listenPort, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(listenPort);
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Closes every connection through the proxy and refuses new ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server == null && !closed) {
            server = listen(port);
            accept(server);
        }
    }

    public boolean up() {
        return server != null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return s;
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket target = new Socket();
                    try {
                        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                    } catch (IOException e) {
                        closeQuietly(client);
                        continue;
                    }
                    if (listening != server) {
                        closeQuietly(client);
                        closeQuietly(target);
                        continue;
                    }
                    open.add(client);
                    open.add(target);
                    pump(client, target);
                    pump(target, client);
                } catch (IOException e) {
                    // The listening socket was closed by cut() or close().
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away; the other is closed below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    /** Standalone: forwards LISTEN_PORT to TARGET_PORT, cut while CONTROL_FILE says "down". */
    public static void main(String[] args) throws Exception {
        Path control = Path.of(args[2]);
        try (TcpProxy proxy = new TcpProxy(Integer.parseInt(args[0]), Integer.parseInt(args[1]))) {
            System.out.println("proxy 127.0.0.1:" + proxy.port() + " -> 127.0.0.1:" + args[1]);
            while (true) {
                boolean down = Files.exists(control)
                        && Files.readString(control).trim().equals("down");
                if (down && proxy.up()) {
                    proxy.cut();
                } else if (!down && !proxy.up()) {
                    proxy.restore();
                }
                Thread.sleep(50);
            }
        }
    }
}
