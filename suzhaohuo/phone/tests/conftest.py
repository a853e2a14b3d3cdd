from suzhaohuo.gigs.tests.conftest import make_job  # noqa: F401 - the same job factory as the gigs tests
