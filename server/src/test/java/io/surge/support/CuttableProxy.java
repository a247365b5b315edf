package io.surge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of PostgreSQL that can cut one connection at the worst moment: when a
 * client message carrying a marker (a value in a statement's parameters) goes by, it either drops
 * that message and closes the connection (the statement never ran), or forwards it, swallows what
 * PostgreSQL answers and closes the connection a moment later (the statement runs on and commits,
 * but the client never hears so). Plain blocking sockets, two threads per connection: test code only.
 */
public final class CuttableProxy implements AutoCloseable {
  /** What happens to the marked message. */
  public enum Cut {
    /** Dropped: PostgreSQL never sees it. */
    LOSE_REQUEST,
    /** Forwarded and run; the answer is lost and the connection closed after it committed. */
    LOSE_ANSWER
  }

  private record Armed(byte[] marker, Cut cut) {}

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicReference<Armed> armed = new AtomicReference<>();
  private volatile int cuts;

  private CuttableProxy(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  public static CuttableProxy start(String targetHost, int targetPort) {
    try {
      CuttableProxy proxy = new CuttableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
          targetHost, targetPort);
      Thread acceptor = new Thread(proxy::acceptLoop, "cuttable-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next client message containing {@code marker} is cut as {@code cut} (once). */
  public void arm(String marker, Cut cut) {
    armed.set(new Armed(marker.getBytes(StandardCharsets.UTF_8), cut));
  }

  /** How many connections were cut so far. */
  public int cuts() {
    return cuts;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        Link link = new Link(client, upstream);
        start(() -> link.clientToServer(), "cuttable-proxy-up");
        start(() -> link.serverToClient(), "cuttable-proxy-down");
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private static void start(Runnable pump, String name) {
    Thread thread = new Thread(pump, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** One client connection and its upstream connection. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean swallowAnswers;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void clientToServer() {
      byte[] buffer = new byte[65536];
      try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          Armed trap = armed.get();
          if (trap != null && contains(buffer, n, trap.marker()) && armed.compareAndSet(trap, null)) {
            if (trap.cut() == Cut.LOSE_ANSWER) {
              swallowAnswers = true;
              out.write(buffer, 0, n);
              out.flush();
              // Let the message reach PostgreSQL before the connection goes: it then runs it to
              // the end (it notices a vanished client only when it next writes to it).
              Thread.sleep(50);
            }
            cuts++;
            closeBoth();
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        closeBoth();
      }
    }

    void serverToClient() {
      byte[] buffer = new byte[65536];
      try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (!swallowAnswers) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        closeBoth();
      }
    }

    private void closeBoth() {
      try {
        client.close();
      } catch (IOException ignored) {
        // already closed
      }
      try {
        upstream.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private static boolean contains(byte[] data, int length, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (data[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
