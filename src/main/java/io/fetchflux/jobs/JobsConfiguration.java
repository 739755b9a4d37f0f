package io.fetchflux.jobs;

import java.time.Clock;

import io.fetchflux.batch.UrlCheck;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	JobStore jobStore(JobsProperties properties) {
		return switch (properties.getStore()) {
			case MEMORY -> new MemoryJobStore(properties, Clock.systemUTC());
		};
	}

	@Bean
	Jobs jobs(JobStore jobStore, UrlCheck urlCheck, JobsProperties properties, ObjectProvider<JobsObserver> observer) {
		return new Jobs(jobStore, urlCheck, properties, observer.getIfAvailable(() -> JobsObserver.NONE),
				Clock.systemUTC());
	}

	@Bean
	JobsHealthIndicator jobsHealthIndicator(Jobs jobs, JobStore jobStore) {
		return new JobsHealthIndicator(jobs, jobStore);
	}

}
