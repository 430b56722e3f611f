package dev.reactivedata.core.repository.scan;

import java.util.UUID;

import dev.reactivedata.core.repository.ReactiveDataRepository;

/**
 * A top-level repository, found by every scan of this package.
 */
public interface ScannedRepository extends ReactiveDataRepository<Scanned, UUID> {

}
