package io.darkwatch.cli.command;

import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded broker in the foreground, for trying the separate services locally without Docker. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node KRaft Kafka broker in this process (loopback only) with darkwatch's topics, "
                + "for local experiments with the separate services; its data is deleted on exit.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each darkwatch topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicInitializer.ensure(admin, Topics.ALL, partitions, (short) 1, true);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker running; bootstrap servers: " + broker.bootstrapServers());
        System.out.println("Topics: " + Topics.ALL.stream().map(t -> t.name()).toList() + ". Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
