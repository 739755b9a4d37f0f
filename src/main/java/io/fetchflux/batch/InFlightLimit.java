package io.fetchflux.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One cap on the fetches of all batches and jobs together: work beyond it waits, first come
 * first served, without holding a thread. A slot is given back however the work ends, cancelled
 * while it waits or while it runs included, exactly once.
 */
final class InFlightLimit {

	private final int max;

	private final ArrayDeque<Slot> waiting = new ArrayDeque<>();

	private int inUse;

	/**
	 * Slots handed to waiters, started outside the lock and one after the other: work that
	 * ends as soon as it starts gives its slot to the next waiter without growing the stack.
	 */
	private final Queue<Slot> granted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger granting = new AtomicInteger();

	InFlightLimit(int max) {
		this.max = max;
	}

	/**
	 * Run work once a slot is free.
	 * @param work the work, subscribed to once it holds a slot
	 * @return the work's outcome
	 */
	<T> Mono<T> run(Supplier<Mono<T>> work) {
		return Mono.defer(() -> {
			Slot slot = new Slot();
			return Mono.<Void>create(slot::acquire).then(Mono.defer(work)).doFinally((signal) -> slot.release());
		});
	}

	synchronized int inUse() {
		return this.inUse;
	}

	synchronized int waiting() {
		return this.waiting.size();
	}

	private void grant(Slot slot) {
		this.granted.add(slot);
		if (this.granting.getAndIncrement() != 0) {
			return;
		}
		do {
			Slot next;
			while ((next = this.granted.poll()) != null) {
				next.sink.success();
			}
		}
		while (this.granting.decrementAndGet() != 0);
	}

	private final class Slot {

		private MonoSink<Void> sink;

		/**
		 * Guarded by the limit's lock.
		 */
		private boolean held;

		private boolean released;

		void acquire(MonoSink<Void> sink) {
			boolean now;
			synchronized (InFlightLimit.this) {
				this.sink = sink;
				if (this.released) {
					return;
				}
				now = InFlightLimit.this.inUse < InFlightLimit.this.max;
				if (now) {
					InFlightLimit.this.inUse++;
					this.held = true;
				}
				else {
					InFlightLimit.this.waiting.add(this);
				}
			}
			if (now) {
				sink.success();
			}
		}

		void release() {
			Slot next = null;
			synchronized (InFlightLimit.this) {
				if (this.released) {
					return;
				}
				this.released = true;
				if (!this.held) {
					InFlightLimit.this.waiting.remove(this);
					return;
				}
				this.held = false;
				next = InFlightLimit.this.waiting.poll();
				if (next != null) {
					next.held = true;
				}
				else {
					InFlightLimit.this.inUse--;
				}
			}
			if (next != null) {
				grant(next);
			}
		}

	}

}
