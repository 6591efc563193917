"""Apprise channels: where messages go. The only module that imports apprise.

Channel URLs carry tokens, so they come from the environment (``APPRISE_URLS``) or an Apprise
config file, never from the command line, and ftwatch only ever shows, logs or stores a
channel's ``url_id`` and its privacy-masked URL.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import apprise
from apprise import NotifyFormat, NotifyType
from apprise.common import OverflowMode

# Some Apprise plugins log webhook tokens at DEBUG (stack notes #2).
logging.getLogger("apprise").setLevel(logging.WARNING)

_TYPES = {"info": NotifyType.INFO, "warning": NotifyType.WARNING, "failure": NotifyType.FAILURE}


class ChannelConfigError(Exception):
    """The channel configuration cannot be used as given."""


@dataclass(frozen=True)
class Channel:
    id: str
    label: str  # privacy-masked URL, safe to print
    tags: frozenset[str]


@dataclass(frozen=True)
class DeliveryResult:
    channel: str
    label: str
    ok: bool
    error: str | None = None


class Channels:
    """The configured Apprise services, addressable by their stable ``url_id``."""

    def __init__(self, config_path: str | None = None, urls: str | None = None):
        self.asset = apprise.AppriseAsset(app_id="ftwatch", app_desc="ftwatch model retirement alerts")
        self.apprise = apprise.Apprise(asset=self.asset)
        self.source = "none"
        if config_path:
            config = apprise.AppriseConfig(asset=self.asset)
            if not os.path.exists(config_path):
                raise ChannelConfigError(f"Apprise config file {config_path} does not exist; fix apprise_config in ftwatch.yaml")
            config.add(config_path)
            self.apprise.add(config)
            if len(self.apprise) == 0:
                raise ChannelConfigError(
                    f"Apprise config file {config_path} defines no usable channel; check its syntax "
                    "(https://github.com/caronc/apprise/wiki/config)"
                )
            self.source = f"config file {config_path}"
        elif urls:
            for index, url in enumerate(u for u in urls.replace("\n", ",").split(",") if u.strip()):
                if not self.apprise.add(url.strip()):
                    raise ChannelConfigError(
                        f"APPRISE_URLS entry #{index + 1} is not a valid Apprise URL (not shown: it may hold a token)"
                    )
            self.source = "APPRISE_URLS"
        self._services = {}
        for service in self.apprise:
            if service.overflow_mode == OverflowMode.UPSTREAM:
                # Long digests must not be rejected by small channels (Discord 2000 chars).
                service.overflow_mode = OverflowMode.SPLIT
            self._services[service.url_id()] = service

    @classmethod
    def from_environment(cls, config_path: str | None) -> "Channels":
        """apprise_config from ftwatch.yaml, else $APPRISE_CONFIG, else $APPRISE_URLS."""
        config_path = config_path or os.environ.get("APPRISE_CONFIG") or None
        return cls(config_path=config_path, urls=None if config_path else os.environ.get("APPRISE_URLS"))

    def __len__(self) -> int:
        return len(self._services)

    def all(self) -> list[Channel]:
        return [self._channel(s) for s in self._services.values()]

    def _channel(self, service) -> Channel:
        return Channel(service.url_id(), service.url(privacy=True), frozenset(str(t) for t in service.tags))

    def for_tags(self, tags: tuple[str, ...]) -> list[Channel]:
        """Channels that carry any of ``tags``, plus untagged channels, which receive everything."""
        wanted = set(tags)
        return [c for c in self.all() if not c.tags or (c.tags & wanted)]

    def send(self, title: str, body: str, notify_type: str, channel_ids: list[str]) -> list[DeliveryResult]:
        """Send one message to exactly these channels; one result per channel."""
        selected = apprise.Apprise(asset=self.asset)
        known = [cid for cid in channel_ids if cid in self._services]
        results = [DeliveryResult(cid, cid, False, "channel no longer configured") for cid in channel_ids if cid not in self._services]
        for cid in known:
            selected.add(self._services[cid])
        if not known:
            return results
        outcome = selected.notify(
            title=title, body=body, body_format=NotifyFormat.MARKDOWN, notify_type=_TYPES.get(notify_type, NotifyType.INFO)
        )
        seen = set()
        for result in outcome:
            seen.add(result.url_id)
            label = self._services[result.url_id].url(privacy=True) if result.url_id in self._services else result.url_id
            error = None if bool(result) else f"delivery failed ({result.status.name.lower()}, {len(result.attempts)} attempt(s))"
            results.append(DeliveryResult(result.url_id, label, bool(result), error))
        for cid in known:
            if cid not in seen:
                results.append(DeliveryResult(cid, self._services[cid].url(privacy=True), False, "not attempted by Apprise"))
        return results
