package org.mockito.configuration;

/**
 * Mockito's global configuration, left at its defaults: it is here for speed, not for settings.
 *
 * <p>The first time a thread touches a mock, Mockito looks this class up by name (it keeps the
 * answer per thread). When the class is missing, every new thread pays for a failed
 * {@code Class.forName}: a search of the whole classpath and an exception. Our tests start a thread
 * per call by the thousand (exercise 5), so that search was most of the mock's cost: 10,000 calls on
 * virtual threads took 162 ms instead of 88 ms (see docs/benchmarks.md). Being present, and empty,
 * this class makes the lookup instant and changes nothing else.
 */
public class MockitoConfiguration extends DefaultMockitoConfiguration {}
