package io.fetchflux.jobs;

import java.time.Clock;

import io.fetchflux.batch.UrlCheck;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	JobStore jobStore(JobsProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
			JsonMapper jsonMapper) {
		return switch (properties.getStore()) {
			case MEMORY -> new MemoryJobStore(properties, Clock.systemUTC());
			// Each start of the service is a new owner: leases never outlive the process that took them.
			case REDIS -> new RedisJobStore(redis.getObject(), jsonMapper, properties, Clock.systemUTC(), Jobs.randomId());
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
