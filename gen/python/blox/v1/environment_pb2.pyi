from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CANARY_STATE_BAKING: CanaryState
CANARY_STATE_PAUSED: CanaryState
CANARY_STATE_PROGRESSING: CanaryState
CANARY_STATE_UNSPECIFIED: CanaryState
CONDITION_TYPE_CLUSTER_ERROR: ConditionType
CONDITION_TYPE_FAILING: ConditionType
CONDITION_TYPE_STUCK: ConditionType
CONDITION_TYPE_UNSPECIFIED: ConditionType
DEPLOYMENT_METHOD_REPLACE_THEN_TERMINATE: DeploymentMethod
DEPLOYMENT_METHOD_TERMINATE_THEN_REPLACE: DeploymentMethod
DEPLOYMENT_METHOD_UNSPECIFIED: DeploymentMethod
DEPLOYMENT_STATE_CANCELLED: DeploymentState
DEPLOYMENT_STATE_COMPLETED: DeploymentState
DEPLOYMENT_STATE_IN_PROGRESS: DeploymentState
DEPLOYMENT_STATE_SUPERSEDED: DeploymentState
DEPLOYMENT_STATE_UNSPECIFIED: DeploymentState
DEPLOYMENT_TYPE_DAEMON: DeploymentType
DEPLOYMENT_TYPE_SERVICE: DeploymentType
DEPLOYMENT_TYPE_UNSPECIFIED: DeploymentType
DESCRIPTOR: _descriptor.FileDescriptor
ENVIRONMENT_LIFECYCLE_DELETED: EnvironmentLifecycle
ENVIRONMENT_LIFECYCLE_DELETING: EnvironmentLifecycle
ENVIRONMENT_LIFECYCLE_LIVE: EnvironmentLifecycle
ENVIRONMENT_LIFECYCLE_UNSPECIFIED: EnvironmentLifecycle
ENVIRONMENT_STATUS_ACTIVE: EnvironmentStatus
ENVIRONMENT_STATUS_CREATED: EnvironmentStatus
ENVIRONMENT_STATUS_DELETED: EnvironmentStatus
ENVIRONMENT_STATUS_DELETING: EnvironmentStatus
ENVIRONMENT_STATUS_DEPLOYING: EnvironmentStatus
ENVIRONMENT_STATUS_FAILING: EnvironmentStatus
ENVIRONMENT_STATUS_FROZEN: EnvironmentStatus
ENVIRONMENT_STATUS_PAUSED: EnvironmentStatus
ENVIRONMENT_STATUS_STUCK: EnvironmentStatus
ENVIRONMENT_STATUS_UNSPECIFIED: EnvironmentStatus
EVENT_TYPE_CANARY_PROMOTED: EventType
EVENT_TYPE_CANARY_STEP_STARTED: EventType
EVENT_TYPE_CANARY_WAITING: EventType
EVENT_TYPE_CLUSTER_ERROR: EventType
EVENT_TYPE_CLUSTER_ERROR_CLEARED: EventType
EVENT_TYPE_DELETED: EventType
EVENT_TYPE_DELETING: EventType
EVENT_TYPE_DEPLOYMENT_COMPLETED: EventType
EVENT_TYPE_DEPLOYMENT_STARTED: EventType
EVENT_TYPE_DEPLOYMENT_SUPERSEDED: EventType
EVENT_TYPE_ENVIRONMENT_CREATED: EventType
EVENT_TYPE_FAILING: EventType
EVENT_TYPE_FROZEN: EventType
EVENT_TYPE_RECOVERED: EventType
EVENT_TYPE_REVISION_CREATED: EventType
EVENT_TYPE_REVISION_STATUS_CHANGED: EventType
EVENT_TYPE_ROLLBACK_STARTED: EventType
EVENT_TYPE_STUCK: EventType
EVENT_TYPE_TASK_FAILED: EventType
EVENT_TYPE_THAWED: EventType
EVENT_TYPE_UNSPECIFIED: EventType
EVENT_TYPE_UNSTUCK: EventType
REVISION_STATUS_ACTIVE: RevisionStatus
REVISION_STATUS_CREATED: RevisionStatus
REVISION_STATUS_DEPLOYING: RevisionStatus
REVISION_STATUS_INACTIVE: RevisionStatus
REVISION_STATUS_REVERTED: RevisionStatus
REVISION_STATUS_REVERTING: RevisionStatus
REVISION_STATUS_UNDEPLOYING: RevisionStatus
REVISION_STATUS_UNSPECIFIED: RevisionStatus
TASK_STATE_PENDING: TaskState
TASK_STATE_RUNNING: TaskState
TASK_STATE_STOPPED: TaskState
TASK_STATE_TERMINATING: TaskState
TASK_STATE_UNSPECIFIED: TaskState
WATCH_MESSAGE_KIND_HEARTBEAT: WatchMessageKind
WATCH_MESSAGE_KIND_SNAPSHOT: WatchMessageKind
WATCH_MESSAGE_KIND_UNSPECIFIED: WatchMessageKind
WATCH_MESSAGE_KIND_UPDATE: WatchMessageKind

class Actor(_message.Message):
    __slots__ = ["cause", "client_address", "principal", "request", "user_agent"]
    class RequestEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    cause: str
    client_address: str
    principal: str
    request: _containers.ScalarMap[str, str]
    user_agent: str
    def __init__(self, principal: _Optional[str] = ..., client_address: _Optional[str] = ..., user_agent: _Optional[str] = ..., cause: _Optional[str] = ..., request: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CanaryPolicy(_message.Message):
    __slots__ = ["instances", "steps"]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    instances: str
    steps: _containers.RepeatedCompositeFieldContainer[CanaryStep]
    def __init__(self, instances: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[CanaryStep, _Mapping]]] = ...) -> None: ...

class CanaryProgress(_message.Message):
    __slots__ = ["allowed", "bake_until", "percent", "state", "step", "steps"]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    BAKE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    allowed: int
    bake_until: _timestamp_pb2.Timestamp
    percent: int
    state: CanaryState
    step: int
    steps: int
    def __init__(self, step: _Optional[int] = ..., steps: _Optional[int] = ..., percent: _Optional[int] = ..., allowed: _Optional[int] = ..., state: _Optional[_Union[CanaryState, str]] = ..., bake_until: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CanaryStep(_message.Message):
    __slots__ = ["bake", "pause", "percent"]
    BAKE_FIELD_NUMBER: _ClassVar[int]
    PAUSE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    bake: _duration_pb2.Duration
    pause: bool
    percent: int
    def __init__(self, percent: _Optional[int] = ..., bake: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., pause: bool = ...) -> None: ...

class Condition(_message.Message):
    __slots__ = ["reason", "since", "type"]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    reason: str
    since: _timestamp_pb2.Timestamp
    type: ConditionType
    def __init__(self, type: _Optional[_Union[ConditionType, str]] = ..., reason: _Optional[str] = ..., since: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateEnvironmentRequest(_message.Message):
    __slots__ = ["spec"]
    SPEC_FIELD_NUMBER: _ClassVar[int]
    spec: EnvironmentSpec
    def __init__(self, spec: _Optional[_Union[EnvironmentSpec, _Mapping]] = ...) -> None: ...

class CreateEnvironmentResponse(_message.Message):
    __slots__ = ["environment_revision"]
    ENVIRONMENT_REVISION_FIELD_NUMBER: _ClassVar[int]
    environment_revision: int
    def __init__(self, environment_revision: _Optional[int] = ...) -> None: ...

class DeleteEnvironmentRequest(_message.Message):
    __slots__ = ["environment_name", "terminate_tasks"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    TERMINATE_TASKS_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    terminate_tasks: bool
    def __init__(self, environment_name: _Optional[str] = ..., terminate_tasks: bool = ...) -> None: ...

class DeleteEnvironmentResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class DeployEnvironmentRequest(_message.Message):
    __slots__ = ["environment_name", "revision", "rollback"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    revision: int
    rollback: bool
    def __init__(self, environment_name: _Optional[str] = ..., revision: _Optional[int] = ..., rollback: bool = ...) -> None: ...

class DeployEnvironmentResponse(_message.Message):
    __slots__ = ["deployment_id"]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    deployment_id: str
    def __init__(self, deployment_id: _Optional[str] = ...) -> None: ...

class Deployment(_message.Message):
    __slots__ = ["deployed_by", "deployment_id", "environment_name", "finished_at", "from_revision", "promoted_steps", "revision", "rollback", "rolled_back_by", "started_at", "state"]
    DEPLOYED_BY_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    FROM_REVISION_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_STEPS_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    ROLLED_BACK_BY_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    deployed_by: Actor
    deployment_id: str
    environment_name: str
    finished_at: _timestamp_pb2.Timestamp
    from_revision: int
    promoted_steps: int
    revision: int
    rollback: bool
    rolled_back_by: Actor
    started_at: _timestamp_pb2.Timestamp
    state: DeploymentState
    def __init__(self, deployment_id: _Optional[str] = ..., environment_name: _Optional[str] = ..., revision: _Optional[int] = ..., from_revision: _Optional[int] = ..., rollback: bool = ..., state: _Optional[_Union[DeploymentState, str]] = ..., started_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., deployed_by: _Optional[_Union[Actor, _Mapping]] = ..., rolled_back_by: _Optional[_Union[Actor, _Mapping]] = ..., promoted_steps: _Optional[int] = ...) -> None: ...

class DeploymentConfiguration(_message.Message):
    __slots__ = ["max_over_percent", "min_healthy_percent"]
    MAX_OVER_PERCENT_FIELD_NUMBER: _ClassVar[int]
    MIN_HEALTHY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    max_over_percent: int
    min_healthy_percent: int
    def __init__(self, min_healthy_percent: _Optional[int] = ..., max_over_percent: _Optional[int] = ...) -> None: ...

class DeploymentPolicy(_message.Message):
    __slots__ = ["canary", "configuration", "failing_timeout", "max_instances_without_task", "method", "missing_task_timeout", "rollback_configuration", "soak_time", "stuck_timeout", "type"]
    CANARY_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    FAILING_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MAX_INSTANCES_WITHOUT_TASK_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    MISSING_TASK_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    SOAK_TIME_FIELD_NUMBER: _ClassVar[int]
    STUCK_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    canary: CanaryPolicy
    configuration: DeploymentConfiguration
    failing_timeout: _duration_pb2.Duration
    max_instances_without_task: int
    method: DeploymentMethod
    missing_task_timeout: _duration_pb2.Duration
    rollback_configuration: RollbackConfiguration
    soak_time: _duration_pb2.Duration
    stuck_timeout: _duration_pb2.Duration
    type: DeploymentType
    def __init__(self, type: _Optional[_Union[DeploymentType, str]] = ..., method: _Optional[_Union[DeploymentMethod, str]] = ..., configuration: _Optional[_Union[DeploymentConfiguration, _Mapping]] = ..., rollback_configuration: _Optional[_Union[RollbackConfiguration, _Mapping]] = ..., stuck_timeout: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., failing_timeout: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., max_instances_without_task: _Optional[int] = ..., missing_task_timeout: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., soak_time: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., canary: _Optional[_Union[CanaryPolicy, _Mapping]] = ...) -> None: ...

class DescribeEnvironmentStatusRequest(_message.Message):
    __slots__ = ["all", "environment_name", "instances"]
    ALL_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    all: bool
    environment_name: str
    instances: bool
    def __init__(self, environment_name: _Optional[str] = ..., all: bool = ..., instances: bool = ...) -> None: ...

class DescribeEnvironmentStatusResponse(_message.Message):
    __slots__ = ["sequence", "status"]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    status: EnvironmentStatusView
    def __init__(self, status: _Optional[_Union[EnvironmentStatusView, _Mapping]] = ..., sequence: _Optional[int] = ...) -> None: ...

class Environment(_message.Message):
    __slots__ = ["created_at", "created_by", "current_deployment_id", "deleted_at", "deleted_by", "deployed_by", "environment_id", "frozen", "frozen_by", "latest_revision", "lifecycle", "name", "purge_after", "target_revision", "thawed_by", "updated_at"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CURRENT_DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    DEPLOYED_BY_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROZEN_BY_FIELD_NUMBER: _ClassVar[int]
    FROZEN_FIELD_NUMBER: _ClassVar[int]
    LATEST_REVISION_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURGE_AFTER_FIELD_NUMBER: _ClassVar[int]
    TARGET_REVISION_FIELD_NUMBER: _ClassVar[int]
    THAWED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    created_by: Actor
    current_deployment_id: str
    deleted_at: _timestamp_pb2.Timestamp
    deleted_by: Actor
    deployed_by: Actor
    environment_id: str
    frozen: bool
    frozen_by: Actor
    latest_revision: int
    lifecycle: EnvironmentLifecycle
    name: str
    purge_after: _timestamp_pb2.Timestamp
    target_revision: int
    thawed_by: Actor
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., environment_id: _Optional[str] = ..., latest_revision: _Optional[int] = ..., target_revision: _Optional[int] = ..., frozen: bool = ..., lifecycle: _Optional[_Union[EnvironmentLifecycle, str]] = ..., current_deployment_id: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., deleted_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., purge_after: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[_Union[Actor, _Mapping]] = ..., deployed_by: _Optional[_Union[Actor, _Mapping]] = ..., frozen_by: _Optional[_Union[Actor, _Mapping]] = ..., thawed_by: _Optional[_Union[Actor, _Mapping]] = ..., deleted_by: _Optional[_Union[Actor, _Mapping]] = ...) -> None: ...

class EnvironmentEvent(_message.Message):
    __slots__ = ["actor", "deployment_id", "index", "message", "revision", "sequence", "time", "type"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    actor: Actor
    deployment_id: str
    index: int
    message: str
    revision: int
    sequence: int
    time: _timestamp_pb2.Timestamp
    type: EventType
    def __init__(self, sequence: _Optional[int] = ..., time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[_Union[EventType, str]] = ..., revision: _Optional[int] = ..., deployment_id: _Optional[str] = ..., message: _Optional[str] = ..., index: _Optional[int] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ...) -> None: ...

class EnvironmentRevision(_message.Message):
    __slots__ = ["created_at", "created_by", "environment_name", "revision", "spec"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    SPEC_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    created_by: Actor
    environment_name: str
    revision: int
    spec: EnvironmentSpec
    def __init__(self, environment_name: _Optional[str] = ..., revision: _Optional[int] = ..., spec: _Optional[_Union[EnvironmentSpec, _Mapping]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[_Union[Actor, _Mapping]] = ...) -> None: ...

class EnvironmentSpec(_message.Message):
    __slots__ = ["cluster", "deployment", "instance_group", "name", "task_definition"]
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_GROUP_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    cluster: str
    deployment: DeploymentPolicy
    instance_group: InstanceGroup
    name: str
    task_definition: str
    def __init__(self, name: _Optional[str] = ..., task_definition: _Optional[str] = ..., cluster: _Optional[str] = ..., instance_group: _Optional[_Union[InstanceGroup, _Mapping]] = ..., deployment: _Optional[_Union[DeploymentPolicy, _Mapping]] = ...) -> None: ...

class EnvironmentStatusView(_message.Message):
    __slots__ = ["conditions", "current_deployment_id", "desired", "environment_name", "frozen", "healthy", "instances", "latest_revision", "observed_at", "outdated", "revisions", "status", "target_revision", "total"]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DESIRED_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FROZEN_FIELD_NUMBER: _ClassVar[int]
    HEALTHY_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    LATEST_REVISION_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTDATED_FIELD_NUMBER: _ClassVar[int]
    REVISIONS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TARGET_REVISION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    conditions: _containers.RepeatedCompositeFieldContainer[Condition]
    current_deployment_id: str
    desired: int
    environment_name: str
    frozen: bool
    healthy: int
    instances: _containers.RepeatedCompositeFieldContainer[InstanceStatusView]
    latest_revision: int
    observed_at: _timestamp_pb2.Timestamp
    outdated: int
    revisions: _containers.RepeatedCompositeFieldContainer[RevisionStatusView]
    status: EnvironmentStatus
    target_revision: int
    total: int
    def __init__(self, environment_name: _Optional[str] = ..., target_revision: _Optional[int] = ..., status: _Optional[_Union[EnvironmentStatus, str]] = ..., outdated: _Optional[int] = ..., desired: _Optional[int] = ..., healthy: _Optional[int] = ..., total: _Optional[int] = ..., revisions: _Optional[_Iterable[_Union[RevisionStatusView, _Mapping]]] = ..., conditions: _Optional[_Iterable[_Union[Condition, _Mapping]]] = ..., frozen: bool = ..., current_deployment_id: _Optional[str] = ..., observed_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., instances: _Optional[_Iterable[_Union[InstanceStatusView, _Mapping]]] = ..., latest_revision: _Optional[int] = ...) -> None: ...

class FreezeEnvironmentRequest(_message.Message):
    __slots__ = ["environment_name"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    def __init__(self, environment_name: _Optional[str] = ...) -> None: ...

class FreezeEnvironmentResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetEnvironmentRevisionRequest(_message.Message):
    __slots__ = ["environment_name", "revision"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    revision: int
    def __init__(self, environment_name: _Optional[str] = ..., revision: _Optional[int] = ...) -> None: ...

class GetEnvironmentRevisionResponse(_message.Message):
    __slots__ = ["environment", "revision"]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    environment: Environment
    revision: EnvironmentRevision
    def __init__(self, revision: _Optional[_Union[EnvironmentRevision, _Mapping]] = ..., environment: _Optional[_Union[Environment, _Mapping]] = ...) -> None: ...

class InstanceGroup(_message.Message):
    __slots__ = ["query"]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: str
    def __init__(self, query: _Optional[str] = ...) -> None: ...

class InstanceStatusView(_message.Message):
    __slots__ = ["container_instance_arn", "ec2_instance_id", "in_canary", "in_group", "instance_status", "tasks"]
    CONTAINER_INSTANCE_ARN_FIELD_NUMBER: _ClassVar[int]
    EC2_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_STATUS_FIELD_NUMBER: _ClassVar[int]
    IN_CANARY_FIELD_NUMBER: _ClassVar[int]
    IN_GROUP_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    container_instance_arn: str
    ec2_instance_id: str
    in_canary: bool
    in_group: bool
    instance_status: str
    tasks: _containers.RepeatedCompositeFieldContainer[InstanceTaskView]
    def __init__(self, container_instance_arn: _Optional[str] = ..., ec2_instance_id: _Optional[str] = ..., instance_status: _Optional[str] = ..., in_group: bool = ..., tasks: _Optional[_Iterable[_Union[InstanceTaskView, _Mapping]]] = ..., in_canary: bool = ...) -> None: ...

class InstanceTaskView(_message.Message):
    __slots__ = ["healthy", "revision", "state", "task_arn", "task_definition"]
    HEALTHY_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TASK_ARN_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    healthy: bool
    revision: int
    state: TaskState
    task_arn: str
    task_definition: str
    def __init__(self, task_arn: _Optional[str] = ..., revision: _Optional[int] = ..., state: _Optional[_Union[TaskState, str]] = ..., healthy: bool = ..., task_definition: _Optional[str] = ...) -> None: ...

class ListDeploymentsRequest(_message.Message):
    __slots__ = ["environment_name", "page_size", "page_token"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    page_size: int
    page_token: str
    def __init__(self, environment_name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDeploymentsResponse(_message.Message):
    __slots__ = ["deployments", "next_page_token"]
    DEPLOYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    deployments: _containers.RepeatedCompositeFieldContainer[Deployment]
    next_page_token: str
    def __init__(self, deployments: _Optional[_Iterable[_Union[Deployment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListEnvironmentEventsRequest(_message.Message):
    __slots__ = ["after_sequence", "environment_name", "page_size", "page_token"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    environment_name: str
    page_size: int
    page_token: str
    def __init__(self, environment_name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., after_sequence: _Optional[int] = ...) -> None: ...

class ListEnvironmentEventsResponse(_message.Message):
    __slots__ = ["events", "next_page_token"]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[EnvironmentEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[EnvironmentEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListEnvironmentRevisionsRequest(_message.Message):
    __slots__ = ["environment_name", "page_size", "page_token"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    page_size: int
    page_token: str
    def __init__(self, environment_name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEnvironmentRevisionsResponse(_message.Message):
    __slots__ = ["next_page_token", "revisions"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REVISIONS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    revisions: _containers.RepeatedCompositeFieldContainer[EnvironmentRevision]
    def __init__(self, revisions: _Optional[_Iterable[_Union[EnvironmentRevision, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListEnvironmentsRequest(_message.Message):
    __slots__ = ["include_deleted", "page_size", "page_token"]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    include_deleted: bool
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_deleted: bool = ...) -> None: ...

class ListEnvironmentsResponse(_message.Message):
    __slots__ = ["environments", "next_page_token"]
    ENVIRONMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    environments: _containers.RepeatedCompositeFieldContainer[Environment]
    next_page_token: str
    def __init__(self, environments: _Optional[_Iterable[_Union[Environment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PromoteEnvironmentRequest(_message.Message):
    __slots__ = ["environment_name", "full"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FULL_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    full: bool
    def __init__(self, environment_name: _Optional[str] = ..., full: bool = ...) -> None: ...

class PromoteEnvironmentResponse(_message.Message):
    __slots__ = ["deployment_id", "promoted_steps", "steps"]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_STEPS_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    deployment_id: str
    promoted_steps: int
    steps: int
    def __init__(self, deployment_id: _Optional[str] = ..., promoted_steps: _Optional[int] = ..., steps: _Optional[int] = ...) -> None: ...

class RevisionStatusView(_message.Message):
    __slots__ = ["canary", "conditions", "desired", "healthy", "revision", "status", "task_definition", "tasks", "total"]
    CANARY_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    DESIRED_FIELD_NUMBER: _ClassVar[int]
    HEALTHY_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    canary: CanaryProgress
    conditions: _containers.RepeatedCompositeFieldContainer[Condition]
    desired: int
    healthy: int
    revision: int
    status: RevisionStatus
    task_definition: str
    tasks: int
    total: int
    def __init__(self, revision: _Optional[int] = ..., status: _Optional[_Union[RevisionStatus, str]] = ..., desired: _Optional[int] = ..., healthy: _Optional[int] = ..., total: _Optional[int] = ..., tasks: _Optional[int] = ..., conditions: _Optional[_Iterable[_Union[Condition, _Mapping]]] = ..., task_definition: _Optional[str] = ..., canary: _Optional[_Union[CanaryProgress, _Mapping]] = ...) -> None: ...

class RollbackConfiguration(_message.Message):
    __slots__ = ["configuration", "method"]
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    configuration: DeploymentConfiguration
    method: DeploymentMethod
    def __init__(self, method: _Optional[_Union[DeploymentMethod, str]] = ..., configuration: _Optional[_Union[DeploymentConfiguration, _Mapping]] = ...) -> None: ...

class ThawEnvironmentRequest(_message.Message):
    __slots__ = ["environment_name"]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    environment_name: str
    def __init__(self, environment_name: _Optional[str] = ...) -> None: ...

class ThawEnvironmentResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class UpdateEnvironmentRequest(_message.Message):
    __slots__ = ["base_revision", "deployment", "environment_name", "instance_group_query", "task_definition"]
    BASE_REVISION_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_GROUP_QUERY_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    base_revision: int
    deployment: DeploymentPolicy
    environment_name: str
    instance_group_query: str
    task_definition: str
    def __init__(self, environment_name: _Optional[str] = ..., base_revision: _Optional[int] = ..., task_definition: _Optional[str] = ..., instance_group_query: _Optional[str] = ..., deployment: _Optional[_Union[DeploymentPolicy, _Mapping]] = ...) -> None: ...

class UpdateEnvironmentResponse(_message.Message):
    __slots__ = ["environment_revision", "unchanged"]
    ENVIRONMENT_REVISION_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    environment_revision: int
    unchanged: bool
    def __init__(self, environment_revision: _Optional[int] = ..., unchanged: bool = ...) -> None: ...

class WatchEnvironmentStatusRequest(_message.Message):
    __slots__ = ["after_sequence", "all", "environment_name", "instances"]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    all: bool
    environment_name: str
    instances: bool
    def __init__(self, environment_name: _Optional[str] = ..., all: bool = ..., instances: bool = ..., after_sequence: _Optional[int] = ...) -> None: ...

class WatchEnvironmentStatusResponse(_message.Message):
    __slots__ = ["coalesced", "events", "kind", "sequence", "status", "time"]
    COALESCED_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    coalesced: bool
    events: _containers.RepeatedCompositeFieldContainer[EnvironmentEvent]
    kind: WatchMessageKind
    sequence: int
    status: EnvironmentStatusView
    time: _timestamp_pb2.Timestamp
    def __init__(self, sequence: _Optional[int] = ..., time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[WatchMessageKind, str]] = ..., status: _Optional[_Union[EnvironmentStatusView, _Mapping]] = ..., events: _Optional[_Iterable[_Union[EnvironmentEvent, _Mapping]]] = ..., coalesced: bool = ...) -> None: ...

class WhoAmIRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class WhoAmIResponse(_message.Message):
    __slots__ = ["auth_enabled", "environments", "principal", "roles"]
    AUTH_ENABLED_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENTS_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    auth_enabled: bool
    environments: _containers.RepeatedScalarFieldContainer[str]
    principal: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, principal: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., environments: _Optional[_Iterable[str]] = ..., auth_enabled: bool = ...) -> None: ...

class DeploymentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeploymentMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class EnvironmentLifecycle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class RevisionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class EnvironmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ConditionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CanaryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TaskState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class EventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DeploymentState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class WatchMessageKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
