package io.fetchflux;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Collects the leak reports of Netty's {@code ResourceLeakDetector}. The reports live in a static
 * list because Spring Boot re-creates the logging configuration, and this appender with it,
 * for every application context.
 */
public class NettyLeakAppender extends AppenderBase<ILoggingEvent> {

	private static final List<String> reports = new CopyOnWriteArrayList<>();

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getFormattedMessage().contains("LEAK")) {
			reports.add(event.getFormattedMessage());
		}
	}

	static List<String> drain() {
		List<String> drained = List.copyOf(reports);
		reports.removeAll(drained);
		return drained;
	}

}
