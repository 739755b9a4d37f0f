package bench.spring;

import java.net.URI;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What Spring WebFlux costs over Reactor Netty: {@code GET /relay?url=U} answers U's status,
 * headers and streamed body through one annotated controller and a WebClient. No guards;
 * Boot's defaults apart from the pool size.
 * usage: java -jar spring-relay.jar --server.port=PORT
 */
@SpringBootApplication
@RestController
public class SpringRelay {

	private final WebClient webClient;

	SpringRelay(WebClient.Builder builder) {
		// Sized like fetchflux's shipped defaults (fetchflux.fetch.max-connections, pending-acquire-max).
		ConnectionProvider pool = ConnectionProvider.builder("spring-relay")
			.maxConnections(4096)
			.pendingAcquireMaxCount(16384)
			.build();
		this.webClient = builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
	}

	@GetMapping("/relay")
	Mono<ResponseEntity<Flux<DataBuffer>>> relay(@RequestParam URI url) {
		return this.webClient.get().uri(url).retrieve().toEntityFlux(DataBuffer.class);
	}

	public static void main(String[] args) {
		SpringApplication.run(SpringRelay.class, args);
	}

}
