package io.fetchflux.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One shared fetch, read by several clients at their own pace.
 */
class FlightTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Map<CacheKey, Flight> flights = new ConcurrentHashMap<>();

	private final CacheKey key = new CacheKey(CacheKind.FETCH, "http://example.com/a");

	private final Sinks.Many<DataBuffer> upstream = Sinks.many().unicast().onBackpressureBuffer();

	@Test
	void aSlowReaderNeverStallsAFastOne() {
		Flight flight = startShared();
		assertThat(flight.join()).isTrue();
		StepVerifier.Step<String> slow = StepVerifier.create(flight.body().map(FlightTests::text), 0);
		StepVerifier.create(flight.body().map(FlightTests::text))
			.then(() -> emit("one", "two"))
			.expectNext("one", "two")
			.then(this.upstream::tryEmitComplete)
			.expectComplete().verify(TIMEOUT);
		slow.thenRequest(1).expectNext("one").thenRequest(1).expectNext("two").expectComplete().verify(TIMEOUT);
	}

	@Test
	void aLateReaderReadsTheBodyFromItsFirstByte() {
		Flight flight = startShared();
		emit("one");
		assertThat(flight.join()).isTrue();
		StepVerifier.create(flight.body().map(FlightTests::text))
			.expectNext("one")
			.then(() -> emit("two"))
			.expectNext("two")
			.then(this.upstream::tryEmitComplete)
			.expectComplete().verify(TIMEOUT);
	}

	@Test
	void everyReaderGetsTheSameFailure() {
		Flight flight = startShared();
		assertThat(flight.join()).isTrue();
		IllegalStateException failure = new IllegalStateException("cut");
		StepVerifier.Step<String> first = StepVerifier.create(flight.body().map(FlightTests::text));
		StepVerifier.create(flight.body().map(FlightTests::text))
			.then(() -> emit("one"))
			.expectNext("one")
			.then(() -> this.upstream.tryEmitError(failure))
			.expectErrorSatisfies((error) -> assertThat(error).isSameAs(failure))
			.verify(TIMEOUT);
		first.expectNext("one").expectErrorSatisfies((error) -> assertThat(error).isSameAs(failure)).verify(TIMEOUT);
	}

	@Test
	void theUpstreamIsCancelledWhenTheLastReaderLeaves() {
		Flight flight = startShared();
		assertThat(flight.join()).isTrue();
		flight.leave(true);
		assertThat(this.upstream.currentSubscriberCount()).isOne();
		flight.leave(false);
		assertThat(this.upstream.currentSubscriberCount()).isZero();
		assertThat(this.flights).isEmpty();
		assertThat(flight.join()).isFalse();
	}

	@Test
	void aCompleteFlightTakesJoinersUntilItsBodyIsStored() {
		Sinks.Empty<Void> stored = Sinks.empty();
		Flight flight = start((fetched, f) -> f.share(fetched, -1, true, (chunks) -> stored.asMono()));
		emit("one");
		this.upstream.tryEmitComplete();
		assertThat(this.flights).containsValue(flight);
		stored.tryEmitEmpty();
		assertThat(this.flights).isEmpty();
	}

	@Test
	void aFetchThatEndsWithoutAnAnswerEndsTheFlight() {
		Flight flight = new Flight(this.key, this.flights);
		this.flights.put(this.key, flight);
		flight.start(Mono.empty(), (fetched) -> flight.alone(fetched.answer()));
		StepVerifier.create(flight.outcome()).expectError(IllegalStateException.class).verify(TIMEOUT);
		assertThat(this.flights).isEmpty();
		assertThat(flight.join()).isFalse();
	}

	private Flight startShared() {
		return start((fetched, flight) -> flight.share(fetched, -1, true, (chunks) -> Mono.empty()));
	}

	private Flight start(java.util.function.BiFunction<Fetched, Flight, Flight.Outcome> decide) {
		Flight flight = new Flight(this.key, this.flights);
		this.flights.put(this.key, flight);
		HttpHeaders headers = new HttpHeaders();
		flight.start(Mono.just(new Fetched(HttpStatus.OK, headers, headers, this.upstream.asFlux())),
				(fetched) -> decide.apply(fetched, flight));
		return flight;
	}

	private void emit(String... chunks) {
		for (String chunk : chunks) {
			this.upstream.tryEmitNext(DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
		}
	}

	private static String text(DataBuffer buffer) {
		return buffer.toString(StandardCharsets.UTF_8);
	}

}
