package org.ispadlab.explore;

/** A model the explorer looks for but the caches do not hold, and the command that makes it. */
public record MissingModel(String name, String title, String notebook, String command) {
}
