package io.fetchflux.jobs;

import java.net.URI;
import java.time.Duration;

import io.fetchflux.batch.BatchRequestReader;
import io.fetchflux.batch.InvalidRequestException;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Background batch checks: submitted, read, watched live as server-sent events, cancelled.
 */
@RestController
class JobsController {

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private static final ServerSentEvent<Object> HEARTBEAT = ServerSentEvent.builder().comment(" heartbeat").build();

	private static final ServerSentEvent<Object> END = ServerSentEvent.builder().build();

	private final BatchRequestReader reader;

	private final Jobs jobs;

	private final Duration heartbeat;

	JobsController(BatchRequestReader reader, Jobs jobs, JobsProperties properties) {
		this.reader = reader;
		this.jobs = jobs;
		this.heartbeat = properties.getHeartbeat();
	}

	/**
	 * Only JSON bodies are taken, as by {@code /api/batch}: no cross-site page can submit jobs
	 * through its visitors' browsers without asking first.
	 */
	@PostMapping(path = "/api/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Submitted>> submit(ServerHttpRequest request) {
		return this.reader.read(request)
			.flatMap(this.jobs::submit)
			.map((id) -> ResponseEntity.accepted().location(URI.create("/api/jobs/" + id)).body(new Submitted(id)));
	}

	@GetMapping("/api/jobs/{id}")
	Mono<JobView> job(@PathVariable String id) {
		return this.jobs.find(id, true);
	}

	/**
	 * The events after {@code Last-Event-ID}, or all of them. A finished job with no event after it
	 * is answered 204, which tells an {@code EventSource} to stop reconnecting.
	 */
	@GetMapping("/api/jobs/{id}/events")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> events(@PathVariable String id,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
		long after = lastEventId(lastEventId);
		return this.jobs.find(id, false).map((job) -> {
			if (job.state().isFinal() && after >= job.doneEventId()) {
				return ResponseEntity.noContent().build();
			}
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.cacheControl(CacheControl.noStore())
				// Asks nginx and the like to pass each event on as it comes rather than buffer the stream.
				.header("X-Accel-Buffering", "no")
				.body(stream(id, after));
		});
	}

	@DeleteMapping("/api/jobs/{id}")
	Mono<JobView> cancel(@PathVariable String id) {
		return this.jobs.cancel(id);
	}

	private Flux<ServerSentEvent<Object>> stream(String id, long after) {
		Flux<ServerSentEvent<Object>> events = this.jobs.events(id, after).map(JobsController::event);
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.heartbeat, this.heartbeat)
			.map((tick) -> HEARTBEAT)
			.onBackpressureDrop();
		return Flux.merge(events.concatWith(Mono.just(END)), heartbeats).takeWhile((event) -> event != END);
	}

	private static ServerSentEvent<Object> event(JobEvent event) {
		ServerSentEvent.Builder<Object> builder = event.isDone() ? ServerSentEvent.builder((Object) event.job()).event("done")
				: ServerSentEvent.builder((Object) event.line()).event("progress");
		return builder.id(Long.toString(event.id())).build();
	}

	private static long lastEventId(String value) {
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			long id = Long.parseLong(value.strip());
			if (id >= 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidRequestException(LAST_EVENT_ID + " must be the id of an event of this job: a whole number");
	}

	/**
	 * The answer to a submitted job.
	 *
	 * @param id the job's id
	 */
	record Submitted(String id) {
	}

}
