package io.tbmock.admin.internal.tbrest;

/**
 * A user who can log in. tbmock has a tenant administrator (who does what device tests do) and one customer
 * user (only ThingsBoard's customers can claim devices).
 *
 * @param customerId the user's customer, {@link TbIds#NULL_UUID} for the tenant administrator
 */
record TbUser(String id, String email, String password, Authority authority, String customerId, long createdTime) {

    enum Authority { TENANT_ADMIN, CUSTOMER_USER }
}
