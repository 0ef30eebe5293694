package io.pharos.workflow;

import java.util.List;

/** One page of a list and the size of the whole list. */
record Page<T>(List<T> items, long total) {
}
