package io.fetchflux.search;

import io.fetchflux.deferred.Deferred;
import io.fetchflux.search.SearchConfiguration.SearchProviders;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * The explicit-finish callback handler: every provider is queried with callbacks, and the
 * response is finished by whichever comes last, or by the timeout with what did arrive.
 */
@RestController
class SearchController {

	private final SearchProviders providers;

	private final SearchProperties properties;

	private final SearchObserver observer;

	SearchController(SearchProviders providers, SearchProperties properties, ObjectProvider<SearchObserver> observer) {
		this.providers = providers;
		this.properties = properties;
		this.observer = observer.getIfAvailable(() -> SearchObserver.NONE);
	}

	@GetMapping("/api/search")
	Deferred<SearchAnswer> search(@RequestParam @NotBlank @Size(max = 300) String q) {
		SearchRound round = new SearchRound(q, this.providers.all().stream().map(SearchProvider::name).toList(),
				this.properties.getTimeout());
		Deferred<SearchAnswer> answer = new Deferred<>(this.properties.getTimeout(), round::answer);
		Disposable.Composite searches = Disposables.composite();
		for (SearchProvider provider : this.providers.all()) {
			searches.add(provider.search(q).subscribe((found) -> {
				this.observer.reported(provider.name(), "ok");
				if (round.arrived(provider.name(), found)) {
					answer.setResult(round.answer());
				}
			}, (error) -> {
				this.observer.reported(provider.name(), "error");
				if (round.failed(provider.name(), provider.describe(error))) {
					answer.setResult(round.answer());
				}
			}));
		}
		answer.onTimeout(() -> round.missing().forEach((provider) -> this.observer.reported(provider, "timeout")));
		if (this.providers.all().isEmpty()) {
			answer.setResult(round.answer());
		}
		answer.onCompletion(searches::dispose);
		return answer;
	}

}
