// The time-skipping test server started at a given instant (infra/temporalTestServer.ts, option startAt): the Java
// SDK's own TestServer main always starts at the current instant; this is the same server (TestServicesStarter with
// time skipping locked, as TestServer's main without --enable-time-skipping) with an initial time, so a workflow test
// can begin before a holiday the calendar table covers. Run by `java -cp <lib>/* TemporalTestServerAt.java <port> <epochMillis>`.
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

public class TemporalTestServerAt {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long startAt = Long.parseLong(args[1]);
    TestServicesStarter services = new TestServicesStarter(true, startAt);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
