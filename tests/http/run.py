#!/usr/bin/env python3
# Runs the HTTP integration suite (unittest discovery in this directory) and prints "N passed, M failed".
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class Result(unittest.TextTestResult):
    """Counts each test once: failed if it or any of its subtests failed or errored."""

    def startTestRun(self):
        super().startTestRun()
        self.bad = set()
        self.ran_ids = set()

    def startTest(self, test):
        super().startTest(test)
        self.ran_ids.add(test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.bad.add(test.id())

    def addError(self, test, err):
        super().addError(test, err)
        # errors in setUpClass/tearDownClass come as _ErrorHolder: count them as one failed test
        self.bad.add(getattr(test, 'description', None) or test.id())

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.bad.add(test.id())

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.bad.add(test.id())


def main():
    sys.path.insert(0, HERE)
    pattern = os.environ.get('GAZETTE_TEST_PATTERN', 'test_*.py')
    suite = unittest.defaultTestLoader.discover(HERE, pattern=pattern, top_level_dir=HERE)
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=Result)
    result = runner.run(suite)
    skipped = {t.id() for t, _ in result.skipped}
    failed = len(result.bad)
    passed = len(result.ran_ids - result.bad - skipped)
    if skipped:
        print('(%d skipped)' % len(skipped))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or not result.ran_ids else 0


if __name__ == '__main__':
    sys.exit(main())
