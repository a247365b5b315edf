# shellcheck shell=bash
# Shared by ceiling.sh and cpu-split.sh (sourced, not run): the GraphQL requests that set up a
# storm on a running Surge server. The caller sets BASE_URL (scheme://host:port) and AUTH (the
# Authorization header value for setup requests) and defines die <message>.

# JSON string literal (quotes, backslashes, control characters).
json_str() {
  local s="$1"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"; s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}

# gql <body>: POST a GraphQL request with AUTH, print the response body.
gql() {
  curl -s --max-time 30 -H 'Content-Type: application/json' -H "Authorization: $AUTH" --data-binary "$1" "$BASE_URL/graphql"
}

# channel_and_location <channel code> <location code> <channel var> <location var>: their ids.
channel_and_location() {
  local ids
  ids="$(gql "{\"query\":$(json_str "query { channel(code: \"$1\") { id } location(code: \"$2\") { id } }")}" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(d["channel"]["id"], d["location"]["id"])')" \
    || die "channel $1 or location $2 not found"
  read -r "$3" "$4" <<<"$ids"
}

# receive_units <sku> <location id> <reference>: 10,000,000 units, so a storm never runs out.
receive_units() {
  local receive received
  receive="mutation { receiveStock(input: {sku: \"$1\", locationId: \"$2\", quantity: 10000000, reference: \"$3\"}) { stockLevel { onHand } userErrors { code message } } }"
  received="$(gql "{\"query\":$(json_str "$receive")}")"
  [[ "$received" == *'"onHand"'* ]] || die "could not receive stock for $1: ${received:0:300}"
}

# storefront_key <channel id> <key name>: prints the secret of a new CHANNEL key of that channel.
storefront_key() {
  local create
  create="mutation { createApiKey(input: {name: \"$2\", role: CHANNEL, channelId: \"$1\"}) { secret userErrors { message } } }"
  gql "{\"query\":$(json_str "$create")}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["createApiKey"]["secret"])' \
    || die "could not create a CHANNEL key for channel $1"
}

# reserve_body <channel id> <location id> <sku>: the storm's reserveStock request (one unit, an hour).
reserve_body() {
  # shellcheck disable=SC2016 # $input is GraphQL
  local query='mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id } userErrors { code } } }'
  printf '%s' "{\"operationName\":\"Reserve\",\"query\":$(json_str "$query"),\"variables\":{\"input\":{\"channelId\":\"$1\",\"locationId\":\"$2\",\"ttlSeconds\":3600,\"lines\":[{\"sku\":$(json_str "$3"),\"quantity\":1}]}}}"
}

# order_body <channel id> <sku>: the checkout storm's placeOrder request (one unit, paid).
order_body() {
  # shellcheck disable=SC2016 # $input is GraphQL
  local query='mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id number status } userErrors { code } } }'
  printf '%s' "{\"operationName\":\"Place\",\"query\":$(json_str "$query"),\"variables\":{\"input\":{\"channelId\":\"$1\",\"paid\":true,\"customer\":{\"email\":\"loadtest@example.com\",\"name\":\"Load Test\"},\"shippingAddress\":{\"line1\":\"Invalidenstr. 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"countryCode\":\"DE\"},\"lines\":[{\"sku\":$(json_str "$2"),\"quantity\":1}]}}}"
}
