package io.fetchflux.batch;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks many URLs at once and streams a line for each the moment its fetch ends. A client that
 * goes away cancels the fetches still running.
 */
@RestController
class BatchController {

	private final BatchRequestReader reader;

	private final UrlCheck check;

	BatchController(BatchRequestReader reader, UrlCheck check) {
		this.reader = reader;
		this.check = check;
	}

	/**
	 * Only JSON bodies are taken: a cross-site page can post a form or plain text without asking,
	 * but not JSON, so no visitor's browser can be made to run batches.
	 */
	@PostMapping(path = "/api/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Flux<ResultLine>>> batch(ServerHttpRequest request) {
		return this.reader.read(request)
			.map((batch) -> ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(this.check.checkAll(batch)));
	}

}
