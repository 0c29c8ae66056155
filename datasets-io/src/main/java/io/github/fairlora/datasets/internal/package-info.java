/**
 * Helpers the dataset loaders of several packages share (numbered UTF-8 lines, typed JSON field access, a CSV record
 * reader). <strong>Not API</strong>: public only because Java has no module-internal visibility without JPMS; they may
 * change or disappear in any release, and they are left out of the published Javadoc.
 */
package io.github.fairlora.datasets.internal;
