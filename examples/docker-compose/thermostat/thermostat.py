"""A thermostat on ThingsBoard's MQTT device API: the device under test in docker-compose.yml.

It keeps one MQTT session, as a device must (ThingsBoard closes the older of two sessions of one device),
reports its temperature every 2 seconds, and answers the server-side RPC setTargetTemperature.
Written for Debian's python3-paho-mqtt (Paho 1.6).
"""
import json
import os
import time

import paho.mqtt.client as mqtt

RPC_REQUESTS = "v1/devices/me/rpc/request/+"
state = {"temperature": 18.0, "targetTemperature": 21.5}


def on_connect(client, userdata, flags, rc):
    print(f"connected to {os.environ['TB_HOST']} (CONNACK {rc})")
    client.subscribe(RPC_REQUESTS, qos=1)


def on_message(client, userdata, message):
    request_id = message.topic.rsplit("/", 1)[1]
    request = json.loads(message.payload)
    if request.get("method") == "setTargetTemperature":
        state["targetTemperature"] = request["params"]["value"]
        answer = {"targetTemperature": state["targetTemperature"]}
    else:
        answer = {"error": f"unknown method {request.get('method')}"}
    print(f"RPC {request_id}: {request} -> {answer}")
    client.publish(f"v1/devices/me/rpc/response/{request_id}", json.dumps(answer), qos=1)


def main():
    client = mqtt.Client()
    client.username_pw_set(os.environ["TB_TOKEN"])
    client.on_connect = on_connect
    client.on_message = on_message
    client.connect(os.environ["TB_HOST"], int(os.environ.get("TB_PORT", "1883")))
    client.loop_start()
    while True:
        # The room warms or cools halfway to the target each period.
        state["temperature"] = round((state["temperature"] + state["targetTemperature"]) / 2, 2)
        client.publish("v1/devices/me/telemetry", json.dumps(state), qos=1)
        time.sleep(2)


if __name__ == "__main__":
    main()
