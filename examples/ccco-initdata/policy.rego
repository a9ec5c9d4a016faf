# The Rego policy of the contract's regoValidator, which the enclave applies to the pods it is
# asked to run. This one admits every pod: replace it with your own rules before production.
package validate

default allow = true
